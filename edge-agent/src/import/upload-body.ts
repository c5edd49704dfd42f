import type { Hono, MiddlewareHandler } from 'hono'
import type { EdgeEnv } from '../http/env'

/** Path that receives import files; its body bypasses the API's 1 MB JSON limit. */
export const UPLOAD_PATH = '/api/imports'

const detachedBodies = new WeakMap<Request, ReadableStream<Uint8Array>>()

/**
 * Moves the body of an upload aside before the API's JSON body limit checks it, so that a
 * 200 MB file can stream to disk under the import limit instead. The request continues
 * through sign-in, permission and CSRF checks without a body; the upload route takes the
 * stream with `takeUploadBody`.
 */
export function detachUploadBody(): MiddlewareHandler<EdgeEnv> {
  return async (c, next) => {
    const body = c.req.raw.body
    if (c.req.method === 'POST' && c.req.path === UPLOAD_PATH && body) {
      const headers = new Headers(c.req.raw.headers)
      headers.set('x-upload-length', headers.get('content-length') ?? '')
      headers.delete('content-length')
      headers.delete('transfer-encoding')
      const stripped = new Request(c.req.raw.url, { method: 'POST', headers })
      detachedBodies.set(stripped, body)
      c.req.raw = stripped
    }
    await next()
  }
}

/** Returns the upload body that `detachUploadBody` moved aside, or undefined. */
export function takeUploadBody(request: Request): ReadableStream<Uint8Array> | undefined {
  const body = detachedBodies.get(request)
  detachedBodies.delete(request)
  return body
}

/** Mounts the upload body detachment; call before the app's body size limit. */
export function mountImportUploads(app: Hono<EdgeEnv>): void {
  app.use(UPLOAD_PATH, detachUploadBody())
}
