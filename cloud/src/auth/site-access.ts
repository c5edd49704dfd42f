import type { Context, MiddlewareHandler } from 'hono'
import { ApiError } from '@enclave/shared'
import type { SessionUser } from '@enclave/shared/node/auth/index'

/** Returns the site id in a `/api/sites/:siteId/...` path, if any. */
export function siteIdOfPath(path: string): string | undefined {
  const match = /^\/api\/sites\/([^/]+)/.exec(path)
  return match?.[1] ? decodeURIComponent(match[1]) : undefined
}

/** Checks whether a cloud user may work on a site: admins on every site, others on granted ones. */
export function mayUseSite(user: SessionUser, siteId: string): boolean {
  return user.role === 'admin' || user.sites.includes(siteId)
}

/**
 * Denies a signed-in user a site they were not granted. The response is 404, as for a site that
 * does not exist, so remote staff cannot learn which other sites the cloud serves.
 */
export function checkSiteGrant(c: Context, user: SessionUser): void {
  const siteId = siteIdOfPath(c.req.path)
  if (siteId === undefined || mayUseSite(user, siteId)) return
  throw new ApiError(404, 'site_not_found', `no site '${siteId}' is available to you; ask a cloud admin for access`).withParams({ reason: 'not_granted', siteId })
}

/** Limits `GET /api/sites` to the sites the user was granted. */
export function filterSiteList(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const user = c.get('user') as SessionUser | undefined
    if (c.req.method !== 'GET' || c.req.path.replace(/\/$/, '') !== '/api/sites' || !user || user.role === 'admin') return
    if (c.res.status !== 200) return

    const body = (await c.res.clone().json()) as { items: { siteId: string }[] }
    const headers = new Headers(c.res.headers)
    headers.delete('content-length')
    const items = body.items.filter((site) => mayUseSite(user, site.siteId))
    c.res = new Response(JSON.stringify({ ...body, items }), { status: 200, headers })
  }
}
