import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '@enclave/shared/auth/index'
import { EDGE_ROUTE_PERMISSIONS, edgeRouteTable } from '@enclave/edge-agent/auth/route-permissions'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import type { ApiClient } from '@enclave/edge-agent/testing/api-client'
import { apiRoutesOf, concretePath, endsSession, isAllowed } from './route-calls'

describe('edge permission matrix', () => {
  let edge: TestEdge
  const clients = new Map<Role, ApiClient>()

  beforeAll(async () => {
    edge = await startTestEdge()
    for (const role of ROLES) clients.set(role, await edge.signIn(role))
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('lists every registered /api route in the table', () => {
    const missing = apiRoutesOf(edge.app)
      .filter((route) => !edgeRouteTable.find(route.method, concretePath(route.path)))
      .map((route) => `${route.method} ${route.path}`)
    expect(missing).toEqual([])
  })

  it('names users for a viewer', async () => {
    const response = await clients.get('viewer')!.get('/api/user-names')
    const users = await edge.api.get('/api/users')
    const admin = users.body.items.find((user: { username: string }) => user.username === 'admin')

    expect(response.status).toBe(200)
    expect(response.body.names[admin.id]).toBe(admin.displayName || admin.username)
    expect(Object.keys(response.body.names)).toHaveLength(users.body.items.length)
    expect(JSON.stringify(response.body)).not.toContain('role')
  })

  it('answers an unknown path with 404', async () => {
    const response = await edge.api.get('/api/not-a-registered-route')
    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('not_found')
    expect(response.body.error.message).toContain('/api/not-a-registered-route')
  })

  it('answers an unlisted method with 405', async () => {
    const response = await edge.api.request('PUT', '/api/contacts', {})
    expect(response.status).toBe(405)
    expect(response.body.error.code).toBe('method_not_allowed')
    expect(response.body.error.message).toContain('GET, POST')
    expect(response.headers.get('allow')).toBe('GET, POST')
  })

  it('answers an unknown path with 404 when signed out', async () => {
    const response = await edge.anonymous().request('GET', '/api/not-a-registered-route')
    expect(response.status).toBe(404)
  })

  for (const row of EDGE_ROUTE_PERMISSIONS) {
    const path = concretePath(row.path)

    it(`${row.method} ${row.path} as anonymous`, async () => {
      const response = await edge.anonymous().request(row.method, path, row.method === 'GET' ? undefined : {})
      if (isAllowed(row, undefined)) {
        expect(response.status).not.toBe(500)
      } else {
        expect(response.status).toBe(401)
      }
    })

    for (const role of ROLES) {
      it(`${row.method} ${row.path} as ${role}`, async () => {
        const client = endsSession(row) ? await edge.signIn(role) : clients.get(role)!
        const response = await client.request(row.method, path, row.method === 'GET' ? undefined : {})
        if (isAllowed(row, role)) {
          expect(response.status, JSON.stringify(response.body)).not.toBe(401)
          expect(response.status, JSON.stringify(response.body)).not.toBe(403)
          expect(response.status, JSON.stringify(response.body)).not.toBe(500)
        } else {
          expect(response.status, JSON.stringify(response.body)).toBe(403)
        }
      })
    }
  }
})
