import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { IssuedSession } from './session-tokens'

/** HttpOnly cookie with the session JWT; scripts in the page cannot read it. */
export const SESSION_COOKIE = 'enclave_session'

/** Readable cookie with the CSRF token, which the web UI copies into `x-csrf-token`. */
export const CSRF_COOKIE = 'enclave_csrf'

/** Header that repeats the CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token'

function isTls(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:'
}

/** Sets both cookies for a new or renewed session token. */
export function setSessionCookies(c: Context, session: IssuedSession): void {
  const common = { path: '/', sameSite: 'Strict', secure: isTls(c), expires: new Date(session.claims.exp * 1000) } as const
  setCookie(c, SESSION_COOKIE, session.token, { ...common, httpOnly: true })
  setCookie(c, CSRF_COOKIE, session.claims.csrf, { ...common, httpOnly: false })
}

/** Clears both cookies, on logout or when the token in them is no longer valid. */
export function clearSessionCookies(c: Context): void {
  const common = { path: '/', sameSite: 'Strict', secure: isTls(c) } as const
  deleteCookie(c, SESSION_COOKIE, common)
  deleteCookie(c, CSRF_COOKIE, common)
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE)
}
