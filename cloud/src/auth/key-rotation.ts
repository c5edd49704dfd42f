import { Hono } from 'hono'
import { jwtVerify, importJWK, type JWK } from 'jose'
import { ApiError } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import type { CloudContext } from '../context'
import { SITE_TOKEN_AUDIENCE, verifySiteToken } from '../gateway/site-token'
import type { CloudEnv } from '../http/env'

/**
 * `POST /api/sites/:siteId/rotate-key`: a site replaces its signing key. The request carries a
 * site JWT signed with the current key (Authorization header), and the body
 * `{ publicJwk, kid, proof }` where `proof` is a site JWT signed with the new key, which proves
 * that the site has both private keys. Tokens signed with the old key are rejected from then on.
 */
export function keyRotationRoutes(context: CloudContext): Hono<CloudEnv> {
  const routes = new Hono<CloudEnv>()

  routes.post('/:siteId/rotate-key', async (c) => {
    const siteId = c.req.param('siteId')
    await verifySiteToken(c.req.header('authorization'), siteId, context.sites)

    const body = (await readJsonBody(c)) as { publicJwk?: JWK; kid?: unknown; proof?: unknown }
    if (typeof body?.proof !== 'string' || typeof body.kid !== 'string' || typeof body.publicJwk !== 'object') {
      throw new ApiError(400, 'invalid_body', 'send { publicJwk, kid, proof } where proof is a site JWT signed with the new key')
    }
    try {
      const key = await importJWK(body.publicJwk, 'EdDSA')
      await jwtVerify(body.proof, key, { algorithms: ['EdDSA'], audience: SITE_TOKEN_AUDIENCE, issuer: `site:${siteId}`, subject: siteId, maxTokenAge: 300 })
    } catch {
      throw new ApiError(400, 'invalid_key_proof', 'proof is not a valid site JWT signed with the new key; sign it with the new private key')
    }

    // Rotation reuses enrolment: a fresh one-time code is issued and spent in the same step.
    const { enrolmentCode } = await context.sites.issueEnrolmentCode(siteId)
    const site = await context.sites.enrol(siteId, { code: enrolmentCode, publicJwk: body.publicJwk, kid: body.kid })
    context.logger.info({ siteId, kid: site.kid }, 'site key rotated')
    return c.json(site)
  })

  return routes
}
