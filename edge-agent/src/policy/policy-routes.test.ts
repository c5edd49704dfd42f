import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '@enclave/shared'
import { startTestEdge, type TestEdge } from '../testing/test-edge'

let edge: TestEdge

/** Builds a draft of the default policy with one contact field's rule replaced. */
function draftWith(field: string, rule: unknown, extra: Record<string, unknown> = {}) {
  const contact = DEFAULT_POLICY.entities.contact!
  return {
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, [field]: rule } } },
    ...extra,
  }
}

beforeAll(async () => {
  edge = await startTestEdge()
  await edge.api.post('/api/contacts', { firstName: 'Maren', lastName: 'Lund', jobTitle: 'Head of IT', country: 'NO' })
  await edge.api.post('/api/contacts', { firstName: 'Tomás', lastName: 'Ruiz', jobTitle: 'CFO', country: 'ES' })
  await edge.api.post('/api/contacts', { firstName: 'Li', lastName: 'Na', country: 'CN' })
})

afterAll(async () => {
  await edge?.destroy()
})

describe('GET /api/policy', () => {
  it('returns the first version', async () => {
    const response = await edge.api.get('/api/policy')

    expect(response.status).toBe(200)
    expect(response.body.policy.version).toBe(1)
    expect(response.body.fields.contact.map((field: { name: string }) => field.name)).toContain('email')
  })
})

describe('POST /api/policy/preview', () => {
  it('counts the cloud documents that change', async () => {
    const response = await edge.api.post('/api/policy/preview', draftWith('jobTitle', { mode: 'local' }))

    expect(response.status).toBe(200)
    expect(response.body.documentsScanned).toBe(3)
    expect(response.body.documentsChanged).toBe(2)
  })

  it('shows before and after', async () => {
    const response = await edge.api.post('/api/policy/preview', draftWith('jobTitle', { mode: 'local' }))
    const [example] = response.body.examples

    expect(example.before.jobTitle).toBeDefined()
    expect(example.after.jobTitle).toBeUndefined()
  })

  it('saves nothing', async () => {
    await edge.api.post('/api/policy/preview', draftWith('jobTitle', { mode: 'local' }))

    expect((await edge.api.get('/api/policy')).body.policy.version).toBe(1)
  })

  it('rejects an invalid draft', async () => {
    const response = await edge.api.post('/api/policy/preview', draftWith('email', { mode: 'mask', cloudWritable: true }))

    expect(response.status).toBe(422)
    expect(response.body.error.message).toContain('contact.email')
  })

  it('sends each rule code with params', async () => {
    const response = await edge.api.post('/api/policy/preview', draftWith('email', { mode: 'mask', cloudWritable: true }))

    expect(response.body.error.details).toEqual([
      {
        path: 'contact.email.cloudWritable',
        code: 'writable_needs_sync',
        message: expect.stringContaining('contact.email'),
        params: { path: 'contact.email', type: 'contact', field: 'email', label: 'Email', mode: 'mask' },
      },
    ])
  })
})

describe('PUT /api/policy', () => {
  it('saves a new version with a diff', async () => {
    const response = await edge.api.put('/api/policy', draftWith('country', { mode: 'local' }, { note: 'keep countries on site', baseVersion: 1 }))

    expect(response.status).toBe(201)
    expect(response.body.version).toBe(2)
    expect(response.body.author).toBeTruthy()
    expect(response.body.changes).toEqual([
      { type: 'contact', field: 'country', change: 'rule', before: { mode: 'sync' }, after: { mode: 'local' }, stricter: true },
    ])
    expect(edge.context.policies.get().version).toBe(2)
  })

  it('rejects a stale base version', async () => {
    const response = await edge.api.put('/api/policy', draftWith('jobTitle', { mode: 'local' }, { baseVersion: 1 }))

    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('policy_changed')
  })

  it('rejects a draft without changes', async () => {
    const current = (await edge.api.get('/api/policy')).body.policy
    const response = await edge.api.put('/api/policy', { entities: current.entities })

    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('policy_unchanged')
  })

  it('lists every invalid rule', async () => {
    const draft = draftWith('email', { mode: 'mask', cloudWritable: true })
    draft.entities.contact.fields.phone = { mode: 'generalize', generalizeLevel: 'year' } as never
    const response = await edge.api.put('/api/policy', draft)

    expect(response.status).toBe(422)
    expect(response.body.error.details).toHaveLength(2)
  })

  it('is denied to an agent', async () => {
    const agent = await edge.signIn('agent')
    const response = await agent.put('/api/policy', draftWith('jobTitle', { mode: 'local' }))

    expect(response.status).toBe(403)
  })
})

describe('policy versions', () => {
  it('lists versions newest first', async () => {
    const response = await edge.api.get('/api/policy/versions')

    expect(response.status).toBe(200)
    expect(response.body.items.map((item: { version: number }) => item.version)).toEqual([2, 1])
  })

  it('shows one version', async () => {
    const response = await edge.api.get('/api/policy/versions/1')

    expect(response.body.policy.entities.contact.fields.country).toEqual({ mode: 'sync' })
  })

  it('returns 404 for a missing version', async () => {
    expect((await edge.api.get('/api/policy/versions/99')).status).toBe(404)
  })

  it('rejects a version that is not a number', async () => {
    expect((await edge.api.get('/api/policy/versions/latest')).status).toBe(400)
  })

  it('restores as a new version', async () => {
    const response = await edge.api.post('/api/policy/versions/1/restore')

    expect(response.status).toBe(201)
    expect(response.body.version).toBe(3)
    expect(response.body.restoredFrom).toBe(1)
    expect(edge.context.policies.get().entities.contact?.fields.country).toEqual({ mode: 'sync' })
  })
})

describe('POST /api/policy/custom-fields', () => {
  it('adds a local custom field', async () => {
    const response = await edge.api.post('/api/policy/custom-fields', { type: 'contact', label: 'Loyalty tier', kind: 'text' })

    expect(response.status).toBe(201)
    expect(response.body.policy.customFields.contact[0].name).toBe('loyaltyTier')
    expect(response.body.policy.entities.contact.fields.loyaltyTier).toBeUndefined()
  })

  it('lets records use the custom field', async () => {
    const response = await edge.api.post('/api/contacts', { firstName: 'Ada', loyaltyTier: 'gold' })

    expect(response.status).toBe(201)
    expect(response.body.loyaltyTier).toBe('gold')
  })

  it('rejects a duplicate name', async () => {
    const response = await edge.api.post('/api/policy/custom-fields', { type: 'contact', label: 'Loyalty tier', kind: 'text' })

    expect(response.status).toBe(422)
    expect(response.body.error.message).toContain('loyaltyTier')
  })

  it('keeps custom fields a save leaves out', async () => {
    const current = (await edge.api.get('/api/policy')).body.policy
    const contact = current.entities.contact
    const draft = { entities: { ...current.entities, contact: { ...contact, fields: { ...contact.fields, loyaltyTier: { mode: 'sync' } } } } }
    const response = await edge.api.put('/api/policy', draft)

    expect(response.status).toBe(201)
    expect(response.body.policy.customFields.contact[0].name).toBe('loyaltyTier')
  })

  it('keeps custom fields after a restart', async () => {
    const dataDir = edge.dataDir
    await edge.close()
    edge = await startTestEdge({ dataDir })
    const response = await edge.api.post('/api/contacts', { firstName: 'Bo', loyaltyTier: 'silver' })

    expect(response.status).toBe(201)
  })
})

describe('residency attestation', () => {
  it('is empty before any audit', async () => {
    const response = await edge.api.get('/api/policy/attestation')

    expect(response.status).toBe(200)
    expect(response.body.attestation).toBeNull()
  })

  it('needs an enrolled site to audit', async () => {
    const response = await edge.api.post('/api/policy/attestation', {})

    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('not_enrolled')
  })

  it('rejects canaries that are not text', async () => {
    const response = await edge.api.post('/api/policy/attestation', { canaries: [42] })

    expect(response.status).toBe(400)
  })

  it('keeps a stricter version pending until enrolment', async () => {
    const current = (await edge.api.get('/api/policy')).body.policy
    const contact = current.entities.contact
    const draft = { entities: { ...current.entities, contact: { ...contact, fields: { ...contact.fields, jobTitle: { mode: 'local' } } } } }
    await edge.api.put('/api/policy', draft)
    const response = await edge.api.get('/api/policy/attestation')

    expect(response.body.pendingPurge.policyVersion).toBe(current.version + 1)
  })
})
