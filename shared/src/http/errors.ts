import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ApiError } from '../errors'

interface LoggerLike {
  error(object: object, message?: string): void
  warn(object: object, message?: string): void
}

/**
 * Turns any error into `{ error: { code, message, details } }` with its status. Unexpected
 * errors become 500 with a generic message; their detail goes to the log, never to the client.
 */
export function createErrorHandler(logger: LoggerLike) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) {
      return c.json(error.toBody(), error.status, error.headers)
    }
    if (error instanceof HTTPException) {
      const status = error.status
      const message = error.message || `request failed with status ${status}`
      // The exception does not say which limit a 413 broke, so its sentence names none.
      if (status === 413) return c.json({ error: { code: 'payload_too_large', message, params: { reason: 'unknown_limit' } } }, status)
      if (status === 401) return c.json({ error: { code: 'unauthorized', message } }, status)
      return c.json({ error: { code: 'http_error', message, params: { status } } }, status)
    }
    if (error instanceof SyntaxError && /JSON/.test(error.message)) {
      return c.json({ error: { code: 'invalid_json', message: 'the body is not valid JSON; send a JSON object' } }, 400)
    }

    logger.error({ err: { name: error.name, message: error.message, stack: error.stack }, path: c.req.path }, 'unhandled error')
    return c.json({ error: { code: 'internal_error', message: 'the server failed to handle the request; see the server log' } }, 500)
  }
}

/** Response for a path no route handles. */
export function notFoundResponse(c: Context): Response {
  const { method, path } = c.req
  return c.json({ error: { code: 'not_found', message: `no route for ${method} ${path}`, params: { resource: 'route', id: path } } }, 404)
}

/** Reads a JSON body, with a clear 400 when it is missing or malformed. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') throw new ApiError(400, 'missing_body', 'the request has no body; send a JSON object')
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON; send a JSON object')
  }
}
