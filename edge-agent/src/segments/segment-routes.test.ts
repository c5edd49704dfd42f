import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'

describe('segment routes', () => {
  let edge: TestEdge
  let nordicsId: string

  beforeAll(async () => {
    edge = await startTestEdge()
    const contacts = [
      { firstName: 'Grace', email: 'grace@example.no', country: 'Norway', lifecycleStage: 'customer' },
      { firstName: 'Alan', email: 'alan@example.no', country: 'Norway', lifecycleStage: 'lead' },
      { firstName: 'Linus', email: 'linus@example.fi', country: 'Finland', lifecycleStage: 'customer' },
      { firstName: 'Ada', email: 'ada@example.co.uk', country: 'United Kingdom', lifecycleStage: 'lead' },
    ]
    for (const contact of contacts) expect((await edge.api.post('/api/contacts', contact)).status).toBe(201)

    const created = await edge.api.post('/api/segments', {
      name: 'Nordic customers',
      entityType: 'contact',
      match: 'all',
      conditions: [
        { field: 'country', op: 'in', value: 'Norway,Finland' },
        { field: 'lifecycleStage', op: 'eq', value: 'customer' },
      ],
    })
    expect(created.status).toBe(201)
    nordicsId = created.body._id
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('counts members matching all conditions', async () => {
    const response = await edge.api.get(`/api/segments/${nordicsId}/count`)
    expect(response.status).toBe(200)
    expect(response.body.total).toBe(2)
  })

  it('previews a draft matching any condition', async () => {
    const response = await edge.api.post('/api/segment-previews', {
      entityType: 'contact',
      match: 'any',
      conditions: [
        { field: 'country', value: 'Finland' },
        { field: 'lifecycleStage', value: 'lead' },
      ],
      limit: 2,
    })
    expect(response.status).toBe(200)
    expect(response.body.total).toBe(3)
    expect(response.body.items).toHaveLength(2)
  })

  it('follows record changes live', async () => {
    const alan = await edge.api.get('/api/contacts?filter.firstName=Alan')
    await edge.api.patch(`/api/contacts/${alan.body.items[0]._id}`, { lifecycleStage: 'customer' })
    const response = await edge.api.get(`/api/segments/${nordicsId}/count`)
    expect(response.body.total).toBe(3)
    await edge.api.patch(`/api/contacts/${alan.body.items[0]._id}`, { lifecycleStage: 'lead' })
  })

  it('lists members with list parameters', async () => {
    const response = await edge.api.get(`/api/segments/${nordicsId}/members?sort=firstName&filter.country=Norway`)
    expect(response.status).toBe(200)
    expect(response.body.total).toBe(1)
    expect(response.body.items.map((item: { firstName: string }) => item.firstName)).toEqual(['Grace'])
  })

  it('selects every record without conditions', async () => {
    const response = await edge.api.post('/api/segment-previews', { entityType: 'contact', conditions: [] })
    expect(response.body.total).toBe(4)
  })

  it('rejects a condition on an unknown field', async () => {
    const response = await edge.api.post('/api/segment-previews', { entityType: 'contact', conditions: [{ field: 'shoeSize', value: '42' }] })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('unknown_field')
    expect(response.body.error.message).toContain('shoeSize')
  })

  it('rejects an invalid operator on save', async () => {
    const response = await edge.api.post('/api/segments', { name: 'Bad', entityType: 'contact', conditions: [{ field: 'country', op: 'like', value: 'N%' }] })
    expect(response.status).toBe(422)
    expect(response.body.error.details[0].field).toBe('conditions')
  })

  it('rejects saving a condition on an unknown field', async () => {
    const created = await edge.api.post('/api/segments', { name: 'Shoes', entityType: 'contact', conditions: [{ field: 'shoeSize', value: '42' }] })
    const good = await edge.api.post('/api/segments', { name: 'Norway', entityType: 'contact', conditions: [{ field: 'country', value: 'Norway' }] })
    const changed = await edge.api.patch(`/api/segments/${good.body._id}`, { conditions: [{ field: 'shoeSize', value: '42' }] })

    expect(created.status).toBe(422)
    expect(created.body.error.details[0]).toMatchObject({ field: 'conditions', code: 'unknown_field' })
    expect(created.body.error.details[0].message).toContain('shoeSize')
    expect(good.status).toBe(201)
    expect(changed.status).toBe(422)
  })

  it('returns 404 for a missing segment', async () => {
    const response = await edge.api.get('/api/segments/segment:01JZZZZZZZZZZZZZZZZZZZZZZZ/count')
    expect(response.status).toBe(404)
  })

  it('hides personal fields from a viewer', async () => {
    const viewer = await edge.signIn('viewer')
    const response = await viewer.get(`/api/segments/${nordicsId}/members`)
    expect(response.status).toBe(200)
    expect(response.body.items[0].country).toBeDefined()
    expect(response.body.items[0].email).toBeUndefined()
  })

  it('rejects a viewer condition on a personal field', async () => {
    const viewer = await edge.signIn('viewer')
    const response = await viewer.post('/api/segment-previews', { entityType: 'contact', conditions: [{ field: 'email', op: 'contains', value: '.no' }] })
    expect(response.status).toBe(403)
    expect(response.body.error.message).toContain("'email'")
  })

  it('audits member reads with personal fields', async () => {
    await edge.api.get(`/api/segments/${nordicsId}/members`)
    const audit = await edge.api.get('/api/audit?action=record.list')
    const entry = audit.body.items.find((item: { detail: { segment?: string } }) => item.detail.segment === nordicsId)
    expect(entry).toBeDefined()
    expect(entry.fields).toContain('email')
  })
})
