import { afterEach, describe, expect, it, vi } from 'vitest'
import { importApi } from '../import/import-api'
import { auditApi } from '../pages/audit/audit-api'
import { authApi } from '../pages/auth/auth-api'
import { policyApi } from '../pages/policy/policy-api'
import { request } from '../pages/reports/request'
import { errorText } from './error-text'
import { setLanguage } from './i18n'
import { readResponseFailure } from './response-failure'

const PROXY_PAGE = '<html><body><h1>502 Bad Gateway</h1></body></html>'

describe('readResponseFailure', () => {
  it('reads the server error body', () => {
    const body = JSON.stringify({ error: { code: 'not_found', message: "no user has the id 'x'", params: { resource: 'user', id: 'x' }, details: [{ field: 'id' }] } })

    expect(readResponseFailure(404, body)).toEqual({
      code: 'not_found',
      message: "no user has the id 'x'",
      params: { resource: 'user', id: 'x' },
      details: [{ field: 'id' }],
    })
  })

  it('turns an HTML page into http_error', () => {
    expect(readResponseFailure(502, PROXY_PAGE)).toEqual({ code: 'http_error', message: 'request failed with status 502', params: { status: 502 } })
  })

  it('turns an empty body into http_error', () => {
    expect(readResponseFailure(504, '')).toEqual({ code: 'http_error', message: 'request failed with status 504', params: { status: 504 } })
  })

  it('turns JSON without a code into http_error', () => {
    expect(readResponseFailure(500, JSON.stringify({ message: 'boom' })).code).toBe('http_error')
  })
})

describe('API clients on a proxy error page', () => {
  afterEach(async () => {
    vi.unstubAllGlobals()
    await setLanguage('en')
  })

  const calls: Array<[string, () => Promise<unknown>]> = [
    ['request', () => request('GET', '/api/contacts')],
    ['policyApi', () => policyApi.current()],
    ['authApi', () => authApi.status()],
    ['auditApi', () => auditApi.verify()],
    ['importApi.upload', () => importApi.upload('contacts', new File(['name\nAda\n'], 'people.csv'))],
  ]

  for (const [name, call] of calls) {
    it(`${name} writes the status in Chinese`, async () => {
      await setLanguage('zh-CN')
      vi.stubGlobal('fetch', async () => new Response(PROXY_PAGE, { status: 502, headers: { 'content-type': 'text/html' } }))

      const failure = await call().catch((error: unknown) => error)

      expect(errorText(failure)).toBe('请求失败，状态码 502')
    })
  }
})
