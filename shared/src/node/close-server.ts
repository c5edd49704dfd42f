import type { ServerType } from '@hono/node-server'

/** Time that requests in flight get to finish before their connections are cut. */
const CLOSE_GRACE_MS = 1000

/**
 * Stops a server from accepting connections and resolves once it has closed. Kept-alive
 * connections (a replicator's, say) would keep it open for ever, so idle ones close at once and
 * busy ones after a short grace.
 */
export function closeServer(server: ServerType): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve())
    if (!('closeIdleConnections' in server)) return
    server.closeIdleConnections()
    setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref()
  })
}
