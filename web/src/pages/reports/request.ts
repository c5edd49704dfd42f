import type { ErrorParams } from '@enclave/shared/api'
import { fetchOrFail } from '../../app/network-error'

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
  const parsed = text ? (JSON.parse(text) as unknown) : undefined
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown; params?: ErrorParams } } | undefined)?.error
    throw new RequestError(response.status, error?.code ?? 'http_error', error?.message ?? `request failed with status ${response.status}`, error?.details, error?.params)
  }
  return parsed as T
}
