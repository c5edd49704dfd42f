import { checkSessionEnded } from './session-expiry'

/** A request that never reached the server: the browser is offline, or the connection failed. */
export class NetworkError extends Error {
  readonly code = 'network_error'

  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`the server could not be reached (${reason}); check the network connection and try again`, { cause })
  }
}

/**
 * Calls `fetch` and throws a `NetworkError` when it rejects, which the Fetch standard does for
 * a network failure only. An aborted request keeps its `AbortError`. A 401 response also
 * notifies the session listeners that the user is no longer signed in.
 */
export async function fetchOrFail(input: string, init?: RequestInit): Promise<Response> {
  let response: Response
  try {
    response = await fetch(input, init)
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new NetworkError(cause)
  }

  checkSessionEnded(input, response.status)
  return response
}
