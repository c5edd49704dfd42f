type Listener = () => void

const listeners = new Set<Listener>()

/** Auth routes return 401 for a wrong password too, and their callers handle that themselves. */
const AUTH_PATH = '/api/auth/'

/**
 * Calls `listener` whenever an API call outside `/api/auth/` returns 401, which means the
 * session ended: it expired, or the user signed out in another tab. Returns the unsubscribe
 * function.
 */
export function onSessionEnded(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Notifies the listeners that the session ended when `status` of a call to `path` is 401. */
export function checkSessionEnded(path: string, status: number): void {
  if (status !== 401 || path.startsWith(AUTH_PATH)) return
  for (const listener of listeners) listener()
}
