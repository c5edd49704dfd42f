import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type FieldRule, type ResidencyPolicy } from '@enclave/shared'
import { REJECTION_REASONS } from '@enclave/shared/merge/rejection-notice'
import { closeEdgeDatabases, openEdgeDatabases } from '../storage/pouch'
import { startTestEdge, type TestEdge } from '../testing/test-edge'

let edge: TestEdge

beforeEach(async () => {
  edge = await startTestEdge()
})

afterEach(async () => {
  await edge.destroy()
})

async function drain(): Promise<void> {
  await edge.context.sync!.drain()
}

async function outboxCopy(id: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await edge.context.databases.outbox.get(id)) as unknown as Record<string, unknown>
  } catch {
    return undefined
  }
}

const contact = {
  firstName: 'Marguerite',
  lastName: 'Oyelaran',
  email: 'marguerite.oyelaran@example.org',
  phone: '+33 6 12 34 56 78',
  country: 'FR',
  jobTitle: 'Buyer',
  notes: 'prefers calls after five',
}

describe('Projector', () => {
  it('writes the projection of a new contact', async () => {
    const created = await edge.api.post('/api/contacts', contact)
    await drain()

    const copy = await outboxCopy(created.body._id)

    expect(copy?.country).toBe('FR')
    expect(copy?.jobTitle).toBe('Buyer')
    expect(copy).not.toHaveProperty('lastName')
    expect(copy).not.toHaveProperty('notes')
    expect(copy?.email).not.toBe(contact.email)
  })

  it('projects an update of a synced field', async () => {
    const created = await edge.api.post('/api/contacts', contact)
    await drain()

    await edge.api.patch(`/api/contacts/${created.body._id}`, { jobTitle: 'Head buyer' })
    await drain()

    expect((await outboxCopy(created.body._id))?.jobTitle).toBe('Head buyer')
  })

  it('leaves equal results unwritten', async () => {
    const created = await edge.api.post('/api/contacts', contact)
    await drain()
    const first = await outboxCopy(created.body._id)

    await edge.context.policies.setCurrent({ ...DEFAULT_POLICY, version: DEFAULT_POLICY.version + 1 })
    await drain()

    expect((await outboxCopy(created.body._id))?._rev).toBe(first?._rev)
  })

  it('deletes the outbox copy of a deleted record', async () => {
    const created = await edge.api.post('/api/contacts', contact)
    await drain()

    await edge.api.delete(`/api/contacts/${created.body._id}`)
    await drain()

    expect(await outboxCopy(created.body._id)).toBeUndefined()
  })

  it('redacts the linked contact from deal titles', async () => {
    const created = await edge.api.post('/api/contacts', contact)
    const deal = await edge.api.post('/api/deals', { title: 'Renewal for Marguerite Oyelaran', contactId: created.body._id, stage: 'Prospecting' })
    await drain()

    const copy = await outboxCopy(deal.body._id)

    expect(copy?.title).not.toContain('Oyelaran')
    expect(copy?.title).not.toContain('Marguerite')
  })

  it('reprojects everything on a policy change', async () => {
    const created = await edge.api.post('/api/contacts', contact)
    const company = await edge.api.post('/api/companies', { name: 'Fictive Works', country: 'FR' })
    await drain()

    const localContacts: ResidencyPolicy = {
      ...DEFAULT_POLICY,
      version: DEFAULT_POLICY.version + 1,
      entities: { ...DEFAULT_POLICY.entities, contact: { ...DEFAULT_POLICY.entities.contact!, localOnly: true } },
    }
    await edge.context.policies.setCurrent(localContacts)
    await drain()

    expect(await outboxCopy(created.body._id)).toBeUndefined()
    expect((await outboxCopy(company.body._id))?.name).toBe('Fictive Works')
  })

  describe('rejection notice', () => {
    const noticeOn = (field: string) => ({
      at: '2026-12-05T04:00:00.000Z',
      changes: [{ field, code: 'not_cloud_writable', reason: REJECTION_REASONS.not_cloud_writable, editor: 'user:remote-ann' }],
    })

    /** Creates a contact without a job title and gives its outbox copy a notice naming `field`. */
    async function noticedContact(field: string): Promise<string> {
      const { jobTitle: _jobTitle, ...withoutJobTitle } = contact
      const created = await edge.api.post('/api/contacts', withoutJobTitle)
      await drain()
      const copy = (await outboxCopy(created.body._id))!
      await edge.context.databases.outbox.put({ ...copy, syncRejection: noticeOn(field) } as never)
      return created.body._id
    }

    /** Applies the default policy again as `version`, with the contact's `field` under `rule`. */
    async function setContactRule(version: number, field: string, rule: FieldRule): Promise<void> {
      const rules = DEFAULT_POLICY.entities.contact!
      await edge.context.policies.setCurrent({
        ...DEFAULT_POLICY,
        version,
        entities: { ...DEFAULT_POLICY.entities, contact: { ...rules, fields: { ...rules.fields, [field]: rule } } },
      })
      await drain()
    }

    it('stays while the projection is unchanged', async () => {
      const id = await noticedContact('country')

      await setContactRule(2, 'website', { mode: 'sync' })

      expect((await outboxCopy(id))?.syncRejection).toEqual(noticeOn('country'))
    })

    it('goes when the policy withholds its field', async () => {
      const id = await noticedContact('jobTitle')

      await setContactRule(2, 'jobTitle', { mode: 'local' })

      expect(await outboxCopy(id)).not.toHaveProperty('syncRejection')
    })

    it('goes with an edge edit', async () => {
      const id = await noticedContact('country')

      await edge.api.patch(`/api/contacts/${id}`, { country: 'BE' })
      await drain()

      expect(await outboxCopy(id)).not.toHaveProperty('syncRejection')
    })
  })

  it('writes a record again when its type leaves once more', async () => {
    const created = await edge.api.post('/api/contacts', contact)
    await drain()
    const localContacts: ResidencyPolicy = {
      ...DEFAULT_POLICY,
      version: 2,
      entities: { ...DEFAULT_POLICY.entities, contact: { ...DEFAULT_POLICY.entities.contact!, localOnly: true } },
    }
    await edge.context.policies.setCurrent(localContacts)
    await drain()

    await edge.context.policies.setCurrent({ ...DEFAULT_POLICY, version: 3 })
    await drain()

    expect((await outboxCopy(created.body._id))?.country).toBe('FR')
  })

  it('continues from its checkpoint after a restart', async () => {
    await edge.api.post('/api/contacts', contact)
    await drain()
    const dataDir = edge.dataDir
    await edge.close()

    edge = await startTestEdge({ dataDir })
    const second = await edge.api.post('/api/contacts', { ...contact, email: 'second@example.org' })
    await drain()
    const info = await edge.context.databases.outbox.info()

    expect((await outboxCopy(second.body._id))?.country).toBe('FR')
    expect(info.doc_count).toBe(2)
  })

  it('reprojects from the index after a lost checkpoint', async () => {
    const kept = await edge.api.post('/api/contacts', contact)
    const gone = await edge.api.post('/api/contacts', { ...contact, email: 'gone@example.org' })
    await drain()
    const dataDir = edge.dataDir
    await edge.close()

    // While the edge is stopped, one record disappears and the projector's checkpoint is lost,
    // so projection starts over with a deletion the changes feed will not show it again.
    const databases = openEdgeDatabases(dataDir)
    const record = await databases.records.get(gone.body._id)
    await databases.records.remove(record)
    const checkpoint = await databases.meta.get('_local/projector-checkpoint')
    await databases.meta.put({ ...checkpoint, seq: 0 })
    await closeEdgeDatabases(databases)

    edge = await startTestEdge({ dataDir })
    await drain()

    expect((await outboxCopy(kept.body._id))?.country).toBe('FR')
    expect(await outboxCopy(gone.body._id)).toBeUndefined()
    const saved = (await edge.context.databases.meta.get('_local/projector-checkpoint')) as unknown as { seq: number }
    expect(saved.seq).toBe((await edge.context.databases.records.info()).update_seq)
  })
})
