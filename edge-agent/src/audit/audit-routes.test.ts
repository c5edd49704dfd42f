import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'

describe('audit routes', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('counts the records of a list entry', async () => {
    for (const firstName of ['Ada', 'Grace', 'Edsger']) {
      await edge.api.post('/api/contacts', { firstName, lastName: 'Tester', email: `${firstName.toLowerCase()}@example.com` })
    }
    const list = await edge.api.get('/api/contacts?limit=200')
    expect(list.body.items).toHaveLength(3)

    const entries = await edge.api.get('/api/audit?action=record.list')
    const entry = entries.body.items[0]

    expect(entry.recordIds).toHaveLength(3)
    expect(entry.recordCount).toBe(3)
  })

  it('counts zero for an entry without records', async () => {
    const entries = await edge.api.get('/api/audit?action=setup')

    expect(entries.body.items[0].recordIds).toEqual([])
    expect(entries.body.items[0].recordCount).toBe(0)
  })

  it('finds a user by name or by id', async () => {
    await edge.context.audit.flush()
    const byName = await edge.api.get('/api/audit?user=admin&action=setup')
    const byId = await edge.api.get('/api/audit?user=user:admin&action=setup')
    const nobody = await edge.api.get('/api/audit?user=dmin&action=setup')

    expect(byName.body.total).toBe(1)
    expect(byId.body.total).toBe(1)
    expect(nobody.body.total).toBe(0)
  })

  it('counts records on the unfiltered page', async () => {
    const entries = await edge.api.get('/api/audit?limit=500')

    for (const entry of entries.body.items) expect(entry.recordCount).toBe(entry.recordIds.length)
  })
})
