import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../../testing/test-edge'

describe('record routes', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('creates a contact with normalised values', async () => {
    const response = await edge.api.post('/api/contacts', { firstName: ' Ada ', email: 'ADA@Example.com', phone: '+44 20 7946 0958' })

    expect(response.status).toBe(201)
    expect(response.body.email).toBe('ada@example.com')
    expect(response.body.phone).toBe('+442079460958')
    expect(response.body._id).toMatch(/^contact:[0-9A-Z]{26}$/)
  })

  it('rejects an unknown field by name', async () => {
    const response = await edge.api.post('/api/contacts', { firstName: 'Ada', favouriteColour: 'blue' })

    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('validation_failed')
    expect(response.body.error.details[0].field).toBe('favouriteColour')
  })

  it('rejects malformed JSON with 400', async () => {
    const response = await edge.api.post('/api/contacts', '{"firstName":', { 'content-type': 'application/json' })

    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_json')
  })

  it('rejects an empty contact with 422', async () => {
    const response = await edge.api.post('/api/contacts', {})

    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('validation_failed')
    expect(response.body.error.details[0].code).toBe('required_any_of')
    expect(response.body.error.details[0].message).toContain('First name, Last name, Email or Phone')
  })

  it('rejects an update clearing a contact', async () => {
    const created = await edge.api.post('/api/contacts', { firstName: 'Ada', jobTitle: 'Engineer' })
    const cleared = await edge.api.patch(`/api/contacts/${created.body._id}`, { firstName: null })

    expect(cleared.status).toBe(422)
    expect(cleared.body.error.details[0].code).toBe('required_any_of')
  })

  it('lists with search, filter, sort and pagination', async () => {
    for (const [firstName, country] of [['Grace', 'Norway'], ['Alan', 'Norway'], ['Linus', 'Finland']]) {
      await edge.api.post('/api/contacts', { firstName, country })
    }

    const norway = await edge.api.get('/api/contacts?filter.country=norway&sort=firstName&limit=1')
    expect(norway.body.total).toBe(2)
    expect(norway.body.items).toHaveLength(1)
    expect(norway.body.items[0].firstName).toBe('Alan')

    const search = await edge.api.get('/api/contacts?q=lin')
    expect(search.body.items.map((c: { firstName: string }) => c.firstName)).toEqual(['Linus'])
  })

  it('sends the values of an invalid limit', async () => {
    const response = await edge.api.get('/api/contacts?limit=lots')

    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_query')
    expect(response.body.error.params).toEqual({ reason: 'whole_number', name: 'limit', value: 'lots', max: 500 })
  })

  it('stores a deal currency in upper case', async () => {
    const response = await edge.api.post('/api/deals', { title: 'Charter', stage: 'Engaging', currency: 'usd' })

    expect(response.status).toBe(201)
    expect(response.body.currency).toBe('USD')
  })

  it('rejects a currency sign by name', async () => {
    const response = await edge.api.post('/api/deals', { title: 'Charter', stage: 'Engaging', currency: '$' })

    expect(response.status).toBe(422)
    expect(response.body.error.details[0].field).toBe('currency')
    expect(response.body.error.details[0].code).toBe('invalid_currency')
    expect(response.body.error.details[0].message).toBe("Currency: '$' is not a currency code; use a three-letter ISO 4217 code such as USD or EUR")
  })

  it('finds a contact by an email word', async () => {
    const created = await edge.api.post('/api/contacts', { firstName: 'John', lastName: 'Doe', email: 'john.smith@example.com' })

    const search = await edge.api.get('/api/contacts?q=smith')

    expect(search.status).toBe(200)
    expect(search.body.items.map((c: { _id: string }) => c._id)).toEqual([created.body._id])
  })

  it('groups every matching deal by stage', async () => {
    const deals = [['North A', 'Won', 100], ['North B', 'Won', 250], ['North C', 'Lost', 40], ['North D', 'Won', undefined], ['South E', 'Won', 999]] as const
    for (const [title, stage, amount] of deals) {
      await edge.api.post('/api/deals', { title, stage, amount, agent: title.startsWith('North') ? 'Nora North' : 'Sam South' })
    }

    const response = await edge.api.get('/api/deals?filter.agent.contains=north&groupBy=stage&sum=amount&limit=1&sort=-amount')
    expect(response.status).toBe(200)
    expect(response.body.items).toHaveLength(1)
    expect(response.body.total).toBe(4)
    const byStage = Object.fromEntries(response.body.groups.map((group: { value: string }) => [group.value, group]))
    expect(byStage.Won).toEqual({ value: 'Won', count: 3, sum: 350 })
    expect(byStage.Lost).toEqual({ value: 'Lost', count: 1, sum: 40 })
  })

  it('rejects a sum over a text field', async () => {
    const response = await edge.api.get('/api/deals?groupBy=stage&sum=title')

    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain("sum 'title'")
  })

  it('rejects an unknown filter field', async () => {
    const response = await edge.api.get('/api/contacts?filter.shoeSize=42')

    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain('shoeSize')
  })

  it('updates with If-Match and refuses a stale revision', async () => {
    const created = await edge.api.post('/api/deals', { title: 'Renewal', stage: 'Prospecting' })
    const updated = await edge.api.patch(`/api/deals/${created.body._id}`, { stage: 'Won' }, { 'if-match': `"${created.body._rev}"` })
    expect(updated.status).toBe(200)
    expect(updated.body.stage).toBe('Won')

    const stale = await edge.api.patch(`/api/deals/${created.body._id}`, { stage: 'Lost' }, { 'if-match': `"${created.body._rev}"` })
    expect(stale.status).toBe(409)
  })

  it('takes the revision as _rev in a PATCH body', async () => {
    const created = await edge.api.post('/api/deals', { title: 'Renewal', stage: 'Prospecting' })
    const updated = await edge.api.patch(`/api/deals/${created.body._id}`, { _rev: created.body._rev, stage: 'Won' })
    expect(updated.status).toBe(200)
    expect(updated.body.stage).toBe('Won')

    const stale = await edge.api.patch(`/api/deals/${created.body._id}`, { _rev: created.body._rev, stage: 'Lost' })
    expect(stale.status).toBe(409)
    expect((await edge.api.get(`/api/deals/${created.body._id}`)).body.stage).toBe('Won')
  })

  it('deletes a record', async () => {
    const created = await edge.api.post('/api/companies', { name: 'Acme Corporation' })
    const deleted = await edge.api.delete(`/api/companies/${created.body._id}`)
    expect(deleted.status).toBe(204)

    const missing = await edge.api.get(`/api/companies/${created.body._id}`)
    expect(missing.status).toBe(404)
  })

  it("reads a phone without a country code against the contact's country", async () => {
    const created = await edge.api.post('/api/contacts', { lastName: 'Kovács', country: 'Hungary', phone: '06 1 234 5678' })
    const updated = await edge.api.patch(`/api/contacts/${created.body._id}`, { phone2: '06 30 123 4567' })
    const moved = await edge.api.patch(`/api/contacts/${created.body._id}`, { country: 'Norway', phone: '22 12 34 56' })
    const nowhere = await edge.api.post('/api/contacts', { lastName: 'Reese', phone: '06 1 234 5678' })

    expect(created.body.phone).toBe('+3612345678')
    expect(updated.body.phone2).toBe('+36301234567')
    expect(moved.body.phone).toBe('+4722123456')
    expect(nowhere.status).toBe(422)
    expect(nowhere.body.error.details[0].message).toContain('country code')
  })

  it('dates a deal moved to Won or Lost', async () => {
    const today = new Date().toISOString().slice(0, 10)
    const open = await edge.api.post('/api/deals', { title: 'Closing deal', stage: 'Engaging' })
    const won = await edge.api.patch(`/api/deals/${open.body._id}`, { stage: 'Won' })
    const dated = await edge.api.post('/api/deals', { title: 'Dated deal', stage: 'Engaging', closeDate: '2026-01-15' })
    const lost = await edge.api.patch(`/api/deals/${dated.body._id}`, { stage: 'Lost' })
    const createdWon = await edge.api.post('/api/deals', { title: 'Won at once', stage: 'Won' })
    const named = await edge.api.post('/api/deals', { title: 'Named date', stage: 'Engaging' })
    const namedWon = await edge.api.patch(`/api/deals/${named.body._id}`, { stage: 'Won', closeDate: '2026-11-30' })
    const moved = await edge.api.patch(`/api/deals/${named.body._id}`, { stage: 'Lost' })

    expect(open.body.closeDate).toBeUndefined()
    expect(won.body.closeDate).toBe(today)
    expect(lost.body.closeDate).toBe(today)
    expect(createdWon.body.closeDate).toBe(today)
    expect(namedWon.body.closeDate).toBe('2026-11-30')
    expect(moved.body.closeDate).toBe('2026-11-30')
  })

  it('rejects a link to a missing record', async () => {
    const created = await edge.api.post('/api/deals', { title: 'Dangling', stage: 'Engaging', companyId: 'company:01HZZZZZZZZZZZZZZZZZZZZZZZ' })
    const deal = await edge.api.post('/api/deals', { title: 'Linked later', stage: 'Engaging' })
    const patched = await edge.api.patch(`/api/deals/${deal.body._id}`, { contactId: 'contact:01HZZZZZZZZZZZZZZZZZZZZZZZ' })

    expect(created.status).toBe(422)
    expect(created.body.error.details[0]).toMatchObject({ field: 'companyId', code: 'unknown_ref' })
    expect(created.body.error.details[0].message).toContain("'company:01HZZZZZZZZZZZZZZZZZZZZZZZ'")
    expect(patched.status).toBe(422)
    expect(patched.body.error.details[0].field).toBe('contactId')
  })
})
