import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '@enclave/shared'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startRoleBrowserEdge, type RoleBrowserEdge } from './browser'

describe('owner names in Chromium', () => {
  let browserEdge: RoleBrowserEdge
  let edge: TestEdge

  beforeAll(async () => {
    browserEdge = await startRoleBrowserEdge()
    edge = browserEdge.edge
    expect((await edge.api.patch('/api/users/user:admin', { displayName: 'Ada Admin' })).status).toBe(200)
    await edge.api.post('/api/activities', { kind: 'call', subject: 'Call the harbour master', status: 'open' })
    await edge.api.post('/api/activities', { kind: 'note', subject: 'Note from a departed user', status: 'open', ownerId: 'user:departed' })
    const contact = DEFAULT_POLICY.entities.contact!
    const draft = { entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, jobTitle: { mode: 'local' } } } }, baseVersion: 1 }
    expect((await edge.api.put('/api/policy', draft)).status).toBe(201)
  }, 120_000)

  afterAll(async () => {
    await browserEdge?.close()
  })

  it('shows display names to a viewer', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await browserEdge.pageFor(viewer)
    await page.goto(`${edge.url}/activities`)
    const ownerCell = page.getByRole('row', { name: /Call the harbour master/ }).getByText('Ada Admin')

    await ownerCell.waitFor()
    expect(await page.getByText('user:admin').count()).toBe(0)
  })

  it('strips the prefix of an unknown user', async () => {
    const page = await browserEdge.pageFor(edge.api)
    await page.goto(`${edge.url}/activities`)
    const row = page.getByRole('row', { name: /Note from a departed user/ })

    await row.getByText('departed', { exact: true }).waitFor()
    expect(await row.getByText('user:departed').count()).toBe(0)
  })

  it('names the policy author', async () => {
    const page = await browserEdge.pageFor(edge.api)
    await page.goto(`${edge.url}/policy`)
    const version = page.getByTestId('version-2')

    await version.getByText(/by Ada Admin/).waitFor()
    expect(await version.textContent()).not.toContain('user:admin')
  })
})
