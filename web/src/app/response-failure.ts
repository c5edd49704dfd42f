import type { ErrorParams } from '@enclave/shared/api'

/** The error of a failed response, as the web's API error classes carry it. */
export interface ResponseFailure {
  code: string
  /** The server's English message, shown only when the catalogue has no sentence for the code. */
  message: string
  params?: ErrorParams
  details?: unknown
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * Reads the error of a failed response from its body text. A body that is not the servers'
 * `{ error: { code, message } }`, such as a proxy's HTML page, becomes an `http_error` with
 * the status in its params, so that the catalogue can write it in the app's language.
 *
 * @example readResponseFailure(502, '<html>Bad gateway</html>') // { code: 'http_error', message: 'request failed with status 502', params: { status: 502 } }
 */
export function readResponseFailure(status: number, text: string): ResponseFailure {
  const body = parseJson(text)
  const error = isObject(body) && isObject(body.error) ? body.error : undefined
  if (!error || typeof error.code !== 'string') {
    return { code: 'http_error', message: `request failed with status ${status}`, params: { status } }
  }

  const failure: ResponseFailure = {
    code: error.code,
    message: typeof error.message === 'string' ? error.message : `request failed with status ${status}`,
  }
  if (isObject(error.params)) failure.params = error.params as ErrorParams
  if (error.details !== undefined) failure.details = error.details
  return failure
}
