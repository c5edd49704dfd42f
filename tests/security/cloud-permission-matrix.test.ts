import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '@enclave/shared/auth/index'
import type { ApiClient } from '@enclave/shared/testing/api-client'
import { CLOUD_ROUTE_PERMISSIONS, cloudRouteTable } from '@enclave/cloud/auth/route-permissions'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { apiRoutesOf, concretePath, endsSession, isAllowed } from './route-calls'

describe('cloud permission matrix', () => {
  let cloud: TestCloud
  const clients = new Map<Role, ApiClient>()
  let ungranted: ApiClient

  beforeAll(async () => {
    cloud = await startTestCloud()
    expect((await cloud.api.post('/api/sites', { siteId: 'site-a', name: 'Site A' })).status).toBe(201)
    expect((await cloud.api.post('/api/sites', { siteId: 'site-b', name: 'Site B' })).status).toBe(201)
    for (const role of ROLES) clients.set(role, await cloud.signIn(role, { sites: ['site-a'] }))
    ungranted = await cloud.signIn('manager', { username: 'other-site-manager', sites: ['site-b'] })
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  it('lists every registered /api route in the table', () => {
    const missing = apiRoutesOf(cloud.app)
      .filter((route) => !cloudRouteTable.find(route.method, concretePath(route.path)))
      .map((route) => `${route.method} ${route.path}`)
    expect(missing).toEqual([])
  })

  it('names users for a viewer', async () => {
    const response = await clients.get('viewer')!.get('/api/user-names')
    const users = await cloud.api.get('/api/users')
    const admin = users.body.items.find((user: { username: string }) => user.username === 'admin')

    expect(response.status).toBe(200)
    expect(response.body.names[admin.id]).toBe(admin.displayName || admin.username)
    expect(Object.keys(response.body.names)).toHaveLength(users.body.items.length)
    expect(JSON.stringify(response.body)).not.toContain('role')
  })

  it('lists only granted sites to remote staff', async () => {
    const sites = await clients.get('viewer')!.get('/api/sites')
    expect(sites.body.items.map((site: { siteId: string }) => site.siteId)).toEqual(['site-a'])
    const all = await cloud.api.get('/api/sites')
    expect(all.body.items).toHaveLength(2)
  })

  for (const row of CLOUD_ROUTE_PERMISSIONS) {
    const path = concretePath(row.path)
    const body = row.method === 'GET' ? undefined : {}

    it(`${row.method} ${row.path} as anonymous`, async () => {
      const response = await cloud.anonymous().request(row.method, path, body)
      if (isAllowed(row, undefined)) {
        // Routes a site calls check the enrolment code or site JWT in the handler instead.
        if (row.method !== 'GET') expect(response.status).not.toBe(200)
        expect(response.status).not.toBe(500)
      } else {
        expect(response.status).toBe(401)
      }
    })

    for (const role of ROLES) {
      it(`${row.method} ${row.path} as ${role}`, async () => {
        const client = endsSession(row) ? await cloud.signIn(role, { sites: ['site-a'] }) : clients.get(role)!
        const response = await client.request(row.method, path, body)
        if (isAllowed(row, role)) {
          expect(response.status, JSON.stringify(response.body)).not.toBe(500)
          if (row.requires !== 'public') expect(response.status, JSON.stringify(response.body)).not.toBe(403)
          if (row.requires !== 'public') expect(response.status, JSON.stringify(response.body)).not.toBe(401)
        } else {
          expect(response.status, JSON.stringify(response.body)).toBe(403)
        }
      })
    }

    if (row.path.startsWith('/api/sites/:siteId') && row.requires !== 'public') {
      it(`${row.method} ${row.path} without a site grant`, async () => {
        const response = await ungranted.request(row.method, path, body)
        expect([403, 404]).toContain(response.status)
        if (response.status === 404) expect(response.body.error.code).toBe('site_not_found')
      })
    }
  }
})
