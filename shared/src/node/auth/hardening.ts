import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { secureHeaders } from 'hono/secure-headers'
import { every } from 'hono/combine'

/**
 * Security headers for API and web UI alike. The CSP allows only the tier's own scripts and
 * connections; inline styles stay allowed because Preact sets `style` attributes.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  })
}

/**
 * CORS that admits only the tier's own origin: the web UI is served by the same server, so a
 * page on any other origin gets no CORS headers and the browser blocks its requests.
 */
export function ownOriginCors(): MiddlewareHandler {
  return cors({
    origin: (origin, c) => (origin === new URL(c.req.url).origin ? origin : null),
    credentials: true,
    allowHeaders: ['content-type', 'x-csrf-token', 'if-match'],
    exposeHeaders: ['etag', 'location', 'retry-after'],
  })
}

/** Security headers and own-origin CORS in one middleware. */
export function hardening(): MiddlewareHandler {
  return every(securityHeaders(), ownOriginCors())
}
