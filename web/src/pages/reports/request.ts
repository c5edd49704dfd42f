import type { ErrorParams } from '@enclave/shared/api'
import { fetchOrFail } from '../../app/network-error'
import { readResponseFailure } from '../../app/response-failure'

/** Error of an API call, with the server's error code, message and the values it embeds. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly params?: ErrorParams,
  ) {
    super(message)
  }
}

function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)enclave_csrf=([^;]+)/.exec(document.cookie)
  return match?.[1] ? decodeURIComponent(match[1]) : undefined
}

/**
 * Sends a JSON request with the session cookie and, for changes, the CSRF token. Throws a
 * `RequestError` carrying the server's message when the status is not 2xx.
 */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  const token = csrfToken()
  if (token && method !== 'GET') headers['x-csrf-token'] = token

  const response = await fetchOrFail(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
  const text = await response.text()
  if (!response.ok) {
    const failure = readResponseFailure(response.status, text)
    throw new RequestError(response.status, failure.code, failure.message, failure.details, failure.params)
  }
  return (text ? JSON.parse(text) : undefined) as T
}
