/** Per-request values that middleware sets for the routes. */
export interface CloudEnv {
  Variables: {
    requestId: string
    /** Signed-in user and session claims, set by the auth middleware; undefined when anonymous. */
    user: import('@enclave/shared/node/auth/index').SessionUser | undefined
    session: import('@enclave/shared/node/auth/index').SessionClaims | undefined
  }
}
