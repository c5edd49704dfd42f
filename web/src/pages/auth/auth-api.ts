import type { ErrorParams } from '@enclave/shared/api'
import type { Action, Role } from '@enclave/shared/auth/roles'
import { fetchOrFail } from '../../app/network-error'
import { readResponseFailure } from '../../app/response-failure'

/** A signed-in user as the server returns it. */
export interface SessionUserView {
  id: string
  username: string
  displayName: string
  role: Role
  recordScope: 'all' | 'own'
  sites: string[]
}

/** Body of the sign-in, setup, renewal and session responses. */
export interface SessionView {
  user: SessionUserView
  actions: Action[]
  csrfToken: string
  expiresAt: string
}

/** An API failure with the server's status, code, message and the values it embeds. */
export class AuthApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    readonly params?: ErrorParams,
  ) {
    super(message)
  }
}

/** Reads the CSRF token the server set in the `enclave_csrf` cookie. */
export function readCsrfToken(): string | undefined {
  const match = /(?:^|;\s*)enclave_csrf=([^;]+)/.exec(document.cookie)
  return match?.[1] ? decodeURIComponent(match[1]) : undefined
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  const token = readCsrfToken()
  if (token && method !== 'GET') headers['x-csrf-token'] = token

  const response = await fetchOrFail(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
  const text = await response.text()
  if (!response.ok) {
    const failure = readResponseFailure(response.status, text)
    const retryAfter = Number(response.headers.get('retry-after')) || undefined
    throw new AuthApiError(response.status, failure.code, failure.message, retryAfter, failure.params)
  }
  const isJson = text !== '' && (response.headers.get('content-type') ?? '').includes('json')
  return (isJson ? JSON.parse(text) : undefined) as T
}

/** Calls to `/api/auth`, the same at the edge and at the cloud. */
export const authApi = {
  status: () => request<{ tier: 'edge' | 'cloud'; setupRequired: boolean }>('GET', '/api/auth/status'),
  session: () => request<SessionView>('GET', '/api/auth/session'),
  login: (username: string, password: string) => request<SessionView>('POST', '/api/auth/login', { username, password }),
  setup: (token: string, username: string, password: string) =>
    request<SessionView>('POST', '/api/auth/setup', { token, username, password }),
  renew: () => request<SessionView>('POST', '/api/auth/renew', {}),
  logout: () => request<void>('POST', '/api/auth/logout', {}),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<SessionView>('POST', '/api/auth/password', { currentPassword, newPassword }),
}
