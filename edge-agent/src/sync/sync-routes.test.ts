import net from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'

let edge: TestEdge

beforeEach(async () => {
  edge = await startTestEdge()
})

afterEach(async () => {
  await edge.destroy()
})

describe('sync routes', () => {
  it('reports a site that is not enrolled', async () => {
    const response = await edge.api.get('/api/sync/status')

    expect(response.status).toBe(200)
    expect(response.body.state).toBe('not_enrolled')
    expect(response.body.lastSuccessAt).toBeNull()
  })

  it('rejects enrolment without a code', async () => {
    const response = await edge.api.post('/api/sync/enrol', {})

    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_body')
  })

  it('rejects enrolment without a cloud URL', async () => {
    const response = await edge.api.post('/api/sync/enrol', { enrolmentCode: 'abc' })

    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('cloud_url_missing')
  })

  it('rejects a cloud URL that is not http', async () => {
    const response = await edge.api.post('/api/sync/enrol', { enrolmentCode: 'abc', cloudUrl: 'ftp://cloud' })

    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain('ftp://cloud')
  })

  it('reports an unreachable cloud', async () => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const closedPort = (server.address() as net.AddressInfo).port
    await new Promise<void>((resolve) => server.close(() => resolve()))

    const response = await edge.api.post('/api/sync/enrol', { enrolmentCode: 'abc', cloudUrl: `http://127.0.0.1:${closedPort}` })

    expect(response.status).toBe(502)
    expect(response.body.error.code).toBe('cloud_unreachable')
  })

  it('lists an empty record history', async () => {
    const response = await edge.api.get('/api/sync/history/deal:01HX0000000000000000000001')

    expect(response.status).toBe(200)
    expect(response.body.items).toEqual([])
  })
})
