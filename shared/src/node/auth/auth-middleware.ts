import type { Context, MiddlewareHandler } from 'hono'
import { can, findJsonProblem, type RoutePermission, type RouteTable } from '../../auth/index'
import { ApiError } from '../../errors'
import type { AuthService, SessionUser } from './auth-service'
import { toSessionUser } from './auth-service'
import { clearSessionCookies, CSRF_HEADER, readSessionCookie, setSessionCookies } from './session-cookies'
import { SESSION_TOKEN_SECONDS, SessionTokenError, type SessionClaims } from './session-tokens'
import { secretsEqual } from './timing-safe'

/** Values the auth middleware sets for routes. */
export interface AuthVariables {
  user: SessionUser | undefined
  session: SessionClaims | undefined
}

type AuthContext = Context<{ Variables: AuthVariables }>

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A token with less than this much life left is replaced on the next request. */
const RENEW_WHEN_SECONDS_LEFT = SESSION_TOKEN_SECONDS / 3

export interface AuthMiddlewareOptions {
  auth: AuthService
  routes: RouteTable
  /** Called once the user is known, such as to record the actor for the audit log. */
  onAuthenticated?: (c: Context, user: SessionUser) => void
  /**
   * Extra check after the route table allowed a signed-in user, such as whether a cloud user
   * was granted the site in the path. It throws an ApiError to deny the request.
   */
  checkRequest?: (c: Context, user: SessionUser, route: RoutePermission) => void
}

async function readSession(c: AuthContext, auth: AuthService): Promise<{ user: SessionUser; claims: SessionClaims } | undefined> {
  const token = readSessionCookie(c)
  if (!token) return undefined

  try {
    const claims = await auth.tokens.verify(token)
    const doc = auth.users.get(claims.sub)
    if (!doc || doc.disabled || claims.auth_time < doc.sessionsNotBefore) return undefined
    return { user: toSessionUser(doc), claims }
  } catch (error) {
    if (!(error instanceof SessionTokenError)) throw error
    clearSessionCookies(c)
    return undefined
  }
}

/**
 * Rejects state-changing requests whose body is not declared as JSON, is not valid JSON, is too
 * deep or carries prototype keys. Routes parse a body as JSON whatever its declared type, so a
 * body sent as `text/plain` or as a form is rejected rather than parsed. An import upload's
 * file reaches this check without its body, which `detachUploadBody` moved aside.
 */
async function guardJsonBody(c: AuthContext): Promise<void> {
  if (SAFE_METHODS.has(c.req.method)) return
  const text = await c.req.text()
  if (text.trim() === '') return

  requireJsonType(c)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON; send a JSON object')
  }

  const problem = findJsonProblem(parsed)
  if (problem?.reason === 'too_deep') {
    throw new ApiError(400, 'json_too_deep', `the body nests too deeply at ${problem.path}; flatten it`).withParams({ path: problem.path })
  }
  if (problem) {
    throw new ApiError(400, 'forbidden_key', `the body uses the reserved key at ${problem.path}; rename it`).withParams({ path: problem.path })
  }
}

/**
 * Checks the CSRF token of a state-changing request. Signed-in requests must repeat the token
 * bound to their session in `x-csrf-token`. Requests without a session (sign-in, first-admin
 * setup) must be JSON, which a cross-site form cannot send without a CORS preflight that the
 * tier's CORS policy rejects.
 */
function checkCsrf(c: AuthContext, claims: SessionClaims | undefined): void {
  if (SAFE_METHODS.has(c.req.method)) return

  const origin = c.req.header('origin')
  if (origin && origin !== new URL(c.req.url).origin) {
    throw new ApiError(403, 'csrf_failed', `requests from origin '${origin.slice(0, 200)}' are not accepted; use the web UI of this server`).withParams({
      reason: 'origin',
      origin: origin.slice(0, 200),
    })
  }

  if (claims) {
    const presented = c.req.header(CSRF_HEADER)
    if (!presented || !secretsEqual(presented, claims.csrf)) {
      throw new ApiError(403, 'csrf_failed', `the ${CSRF_HEADER} header is missing or wrong; send the value of the enclave_csrf cookie`).withParams({
        reason: 'token',
        header: CSRF_HEADER,
      })
    }
    return
  }
  if (c.req.header('content-length') !== '0' && c.req.header('content-type')) requireJsonType(c)
}

/**
 * Tells whether a content-type is JSON: `application/json` or a `+json` type such as
 * `application/merge-patch+json`, in any letter case, with any parameters.
 */
function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase()
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType)
}

function requireJsonType(c: Context): void {
  const type = c.req.header('content-type') ?? ''
  if (isJsonMediaType(type)) return
  const declared = type === '' ? 'no content-type' : `content-type '${type.slice(0, 100)}'`
  throw new ApiError(415, 'unsupported_media_type', `a body with ${declared} is not accepted here; send it as application/json`).withParams({ declared })
}

/**
 * Returns the error for a request that matches no row of the permission table: 404 when no row
 * has its path, 405 when rows have the path with other methods. Either way the request is
 * rejected for everyone, and so is a route the app serves but the table lacks.
 */
function unlistedRoute(routes: RouteTable, method: string, path: string): ApiError {
  const methods = routes.methodsFor(path)
  if (methods.length === 0) {
    return new ApiError(404, 'not_found', `no API route matches ${path}; check the path against the API documentation`).withParams({ resource: 'route', id: path })
  }
  const allowed = methods.join(', ')
  return new ApiError(405, 'method_not_allowed', `${path} does not accept ${method}; use ${allowed}`, undefined, { allow: allowed }).withParams({ path, method, allowed })
}

/**
 * Authenticates the session cookie, checks the route permission table (deny by default), the
 * CSRF token and the JSON body, and renews a token that is about to expire.
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): MiddlewareHandler {
  const { auth, routes } = options

  return async (c, next) => {
    const context = c as AuthContext
    const session = await readSession(context, auth)
    context.set('user', session?.user)
    context.set('session', session?.claims)
    if (session) options.onAuthenticated?.(c, session.user)

    const route = routes.find(c.req.method, c.req.path)
    if (!route) throw unlistedRoute(routes, c.req.method, c.req.path)
    if (route.requires !== 'public') {
      if (!session) throw new ApiError(401, 'unauthorized', 'you are not signed in; sign in and try again')
      if (route.requires !== 'session' && !can(session.user.role, route.requires)) {
        throw new ApiError(403, 'forbidden', `the ${session.user.role} role may not ${route.requires.replaceAll('_', ' ')}; ask an admin`).withParams({
          reason: 'role',
          role: session.user.role,
          action: route.requires,
        })
      }
      options.checkRequest?.(c, session.user, route)
    }

    checkCsrf(context, session?.claims)
    await guardJsonBody(context)

    if (session && session.claims.exp - Date.now() / 1000 < RENEW_WHEN_SECONDS_LEFT) {
      const renewed = await auth.tokens.renew(session.claims, { revokePrevious: false }).catch(() => undefined)
      if (renewed) {
        context.set('session', renewed.claims)
        setSessionCookies(c, renewed)
      }
    }
    await next()
  }
}
