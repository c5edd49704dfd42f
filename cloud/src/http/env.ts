/** Per-request values that middleware sets for the routes. */
export interface CloudEnv {
  Variables: {
    requestId: string
  }
}
