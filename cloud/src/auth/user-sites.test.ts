import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCloud, type TestCloud } from '../testing/test-cloud'

describe('cloud user site grants', () => {
  let cloud: TestCloud

  beforeAll(async () => {
    cloud = await startTestCloud()
    await cloud.api.post('/api/sites', { siteId: 'oslo', name: 'Oslo office' })
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  it('rejects a grant of an unknown site', async () => {
    const response = await cloud.api.post('/api/users', { username: 'remote-x', password: 'a long enough password', role: 'agent', sites: ['oslo', 'nosuch-site'] })

    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('unknown_site')
    expect(response.body.error.message).toContain("'nosuch-site'")
  })

  it('grants a site that exists', async () => {
    const created = await cloud.api.post('/api/users', { username: 'remote-y', password: 'a long enough password', role: 'agent', sites: ['oslo'] })
    const changed = await cloud.api.patch(`/api/users/${created.body.id}`, { sites: ['oslo', 'bergen'] })

    expect(created.status).toBe(201)
    expect(changed.status).toBe(422)
    expect(changed.body.error.message).toContain("'bergen'")
  })
})
