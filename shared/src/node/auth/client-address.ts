import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'

/**
 * Returns the address of the peer that opened the connection, or `unknown` when the request
 * did not come over a socket (as with `app.request()` in tests).
 *
 * NOTE: behind a reverse proxy this is the proxy's address; X-Forwarded-For is not trusted
 * because any client can set it.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
