import { Hono, type Context } from 'hono'
import { actionsOf, passwordDetail, type Action } from '../../auth/index'
import { ApiError } from '../../errors'
import { readJsonBody } from '../../http/errors'
import type { AuthVariables } from './auth-middleware'
import { toSessionUser, type AuthService, type SessionUser } from './auth-service'
import { clientAddress } from './client-address'
import { clearSessionCookies, setSessionCookies } from './session-cookies'
import type { IssuedSession } from './session-tokens'
import { toPublicUser } from './user-store'
import { verifyPassword } from './password-hash'

type AuthEnv = { Variables: AuthVariables }

/** Body of the sign-in, setup, renewal and `GET /session` responses. */
export interface SessionResponse {
  user: ReturnType<typeof toPublicUser>
  actions: Action[]
  csrfToken: string
  expiresAt: string
}

function readObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_body', 'the body must be a JSON object')
  }
  return value as Record<string, unknown>
}

function readText(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (typeof value !== 'string' || value === '') throw new ApiError(400, 'missing_field', `'${name}' is missing; send it as a string`).withParams({ field: name })
  return value
}

/**
 * Returns the 429 for a locked account or a blocked address. An admin can unlock an account,
 * but an address block only ends when its time runs out.
 */
function lockoutError(scope: 'account' | 'address', seconds: number): ApiError {
  if (scope === 'account') {
    const message = `too many failed sign-ins for this account; try again in ${seconds} seconds or ask an admin to unlock the account`
    return new ApiError(429, 'too_many_attempts', message).withParams({ reason: 'account', scope, seconds })
  }
  const message = `too many failed sign-ins from this address; try again in ${seconds} seconds`
  return new ApiError(429, 'too_many_attempts', message).withParams({ reason: 'address', scope, seconds })
}

function sessionResponse(auth: AuthService, userId: string, session: IssuedSession): SessionResponse {
  const doc = auth.users.get(userId)!
  return {
    user: toPublicUser(doc),
    actions: actionsOf(doc.role),
    csrfToken: session.claims.csrf,
    expiresAt: new Date(session.claims.exp * 1000).toISOString(),
  }
}

function signedIn(c: Context<AuthEnv>): SessionUser {
  const user = c.get('user')
  if (!user) throw new ApiError(401, 'unauthorized', 'you are not signed in; sign in and try again')
  return user
}

/**
 * `/api/auth`: first-admin setup, sign-in, sign-out, session, renewal and password change.
 * Permissions come from the route table; these handlers only do the work.
 */
export function authRoutes(auth: AuthService): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>()

  routes.get('/status', (c) => c.json({ tier: auth.tier, setupRequired: auth.setup.pending() !== undefined }))

  routes.post('/setup', async (c) => {
    const body = readObject(await readJsonBody(c))
    if (auth.setup.pending() === undefined) {
      throw new ApiError(409, 'setup_done', 'the first administrator exists already; sign in instead')
    }
    if (!auth.setup.matches(body.token)) {
      throw new ApiError(403, 'invalid_setup_token', 'the setup token is wrong; copy it from the server console or the setup-token file in the data folder')
    }

    const doc = await auth.users.create({ username: body.username, password: body.password, displayName: body.displayName, role: 'admin', recordScope: 'all' })
    auth.setup.consume()
    const session = await auth.tokens.issue(doc._id)
    setSessionCookies(c, session)
    auth.emit({ action: 'setup', user: doc._id, address: clientAddress(c) })
    return c.json(sessionResponse(auth, doc._id, session), 201)
  })

  routes.post('/login', async (c) => {
    const body = readObject(await readJsonBody(c))
    // User names are stored lower-case without spaces, so a name typed with stray spaces or
    // capitals still signs in and does not count as a failure toward the lockout.
    const username = readText(body, 'username').trim().toLowerCase().slice(0, 64)
    if (username === '') throw new ApiError(400, 'missing_field', "'username' is missing; send it as a string").withParams({ field: 'username' })
    const password = readText(body, 'password').slice(0, 1024)
    const address = clientAddress(c)

    const gate = auth.limiter.check(username, address)
    if (!gate.allowed) {
      auth.emit({ action: 'login_locked', user: username, address })
      c.header('Retry-After', String(gate.retryAfterSeconds))
      throw lockoutError(gate.scope, gate.retryAfterSeconds)
    }

    const doc = await auth.users.authenticate(username, password)
    if (!doc) {
      const locked = auth.limiter.recordFailure(username, address)
      auth.emit({ action: locked ? 'login_locked' : 'login_failed', user: username, address })
      throw new ApiError(401, 'invalid_credentials', 'the user name or password is wrong, or the account is disabled')
    }

    auth.limiter.recordSuccess(username)
    const session = await auth.tokens.issue(doc._id)
    setSessionCookies(c, session)
    auth.emit({ action: 'login', user: doc._id, address })
    return c.json(sessionResponse(auth, doc._id, session))
  })

  routes.post('/logout', async (c) => {
    const user = signedIn(c)
    await auth.tokens.revokeSession(c.get('session')!)
    clearSessionCookies(c)
    auth.emit({ action: 'logout', user: user.id, address: clientAddress(c) })
    return c.body(null, 204)
  })

  routes.get('/session', (c) => {
    const user = signedIn(c)
    const claims = c.get('session')!
    return c.json(sessionResponse(auth, user.id, { token: '', claims }))
  })

  routes.post('/renew', async (c) => {
    const user = signedIn(c)
    const session = await auth.tokens.renew(c.get('session')!).catch(() => {
      throw new ApiError(401, 'session_expired', 'the session has reached its maximum age; sign in again')
    })
    setSessionCookies(c, session)
    return c.json(sessionResponse(auth, user.id, session))
  })

  routes.post('/password', async (c) => {
    const user = signedIn(c)
    const body = readObject(await readJsonBody(c))
    const current = auth.users.get(user.id)!
    if (!(await verifyPassword(readText(body, 'currentPassword'), current.passwordHash))) {
      throw new ApiError(403, 'invalid_credentials', 'the current password is wrong').withParams({ reason: 'current_password' })
    }
    const detail = passwordDetail(body.newPassword, user.username, 'newPassword')
    if (detail) throw new ApiError(422, 'validation_failed', detail.message, [detail]).withParams({ type: 'user' })

    await auth.users.update(user.id, { password: body.newPassword })
    const session = await auth.tokens.issue(user.id)
    setSessionCookies(c, session)
    auth.emit({ action: 'password_changed', user: user.id, address: clientAddress(c) })
    return c.json(sessionResponse(auth, user.id, session))
  })

  return routes
}

/**
 * `/api/user-names`: the display name of every user of this tier by user id, for every
 * signed-in role, so that owner fields and policy versions show names. Disabled users are
 * included because they still own records. It sends no role, scope or status.
 */
export function userNameRoutes(auth: AuthService): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>()

  routes.get('/', (c) => {
    const names: Record<string, string> = {}
    for (const user of auth.users.list()) names[user.id] = user.displayName || user.username
    return c.json({ names })
  })

  return routes
}

/**
 * `/api/users`: account management for admins. The last enabled admin can be neither
 * demoted, disabled nor deleted, so a tier can never lock itself out.
 */
/** Options of the user routes. */
export interface UserRouteOptions {
  /** Returns the site ids of the list that name no site, for a tier where users are granted sites. */
  unknownSites?: (siteIds: string[]) => Promise<string[]>
}

export function userRoutes(auth: AuthService, options: UserRouteOptions = {}): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>()

  function enabledAdmins(): number {
    return auth.users.list().filter((user) => user.role === 'admin' && !user.disabled).length
  }

  function guardLastAdmin(id: string, patch: Record<string, unknown> | 'delete'): void {
    const current = auth.users.get(id)
    if (!current || current.role !== 'admin' || current.disabled || enabledAdmins() > 1) return
    const losesAdmin = patch === 'delete' || (patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true
    if (losesAdmin) throw new ApiError(409, 'last_admin', `'${current.username}' is the only enabled admin; make another admin first`).withParams({ username: current.username })
  }

  async function checkSites(body: Record<string, unknown>): Promise<void> {
    if (!options.unknownSites || !Array.isArray(body.sites)) return
    const unknown = await options.unknownSites(body.sites.filter((site): site is string => typeof site === 'string'))
    if (unknown.length > 0) {
      throw new ApiError(422, 'unknown_site', `no site has the id '${unknown[0]}'; create the site first or grant an existing one`, [{ field: 'sites' }]).withParams({ id: unknown[0]! })
    }
  }

  // `locked` comes from the sign-in limiter, so that the list shows which accounts to unlock.
  routes.get('/', (c) => c.json({ items: auth.users.list().map((user) => ({ ...user, locked: auth.limiter.isLocked(user.username) })) }))

  routes.get('/:id', (c) => {
    const doc = auth.users.get(c.req.param('id'))
    if (!doc) throw new ApiError(404, 'not_found', `no user has the id '${c.req.param('id')}'`).withParams({ resource: 'user', id: c.req.param('id') })
    return c.json(toPublicUser(doc))
  })

  routes.post('/', async (c) => {
    const actor = signedIn(c)
    const body = readObject(await readJsonBody(c))
    await checkSites(body)
    const doc = await auth.users.create(body as never)
    auth.emit({ action: 'user_created', user: actor.id, target: doc._id, fields: ['role'], address: clientAddress(c) })
    return c.json(toPublicUser(doc), 201)
  })

  routes.patch('/:id', async (c) => {
    const actor = signedIn(c)
    const id = c.req.param('id')
    const body = readObject(await readJsonBody(c))
    guardLastAdmin(id, body)
    await checkSites(body)
    const { user, changed } = await auth.users.update(id, body)
    if (changed.length > 0) {
      auth.emit({ action: 'user_updated', user: actor.id, target: id, fields: changed, address: clientAddress(c) })
    }
    return c.json(toPublicUser(user))
  })

  routes.delete('/:id', async (c) => {
    const actor = signedIn(c)
    const id = c.req.param('id')
    guardLastAdmin(id, 'delete')
    await auth.users.remove(id)
    auth.emit({ action: 'user_deleted', user: actor.id, target: id, address: clientAddress(c) })
    return c.body(null, 204)
  })

  routes.post('/:id/unlock', (c) => {
    const doc = auth.users.get(c.req.param('id'))
    if (!doc) throw new ApiError(404, 'not_found', `no user has the id '${c.req.param('id')}'`).withParams({ resource: 'user', id: c.req.param('id') })
    auth.limiter.unlock(doc.username)
    return c.json(toPublicUser(doc))
  })

  return routes
}

export { toSessionUser }
