/** Per-request values that middleware sets for the routes. */
export interface EdgeEnv {
  Variables: {
    /** Id of the user or process making the request, for the audit log. */
    actor: string | undefined
    requestId: string
  }
}
