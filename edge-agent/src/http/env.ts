/** Per-request values that middleware sets for the routes. */
export interface EdgeEnv {
  Variables: {
    /** Id of the user or process making the request, for the audit log. */
    actor: string | undefined
    requestId: string
    /** Signed-in user and session claims, set by the auth middleware; undefined when anonymous. */
    user: import('@enclave/shared/node/auth/index').SessionUser | undefined
    session: import('@enclave/shared/node/auth/index').SessionClaims | undefined
  }
}
