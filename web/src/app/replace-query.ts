/**
 * Replaces the query string of the current history entry without adding an entry, so that
 * Back leaves the page instead of undoing one keystroke. Does nothing when the browser is no
 * longer at `path`, as after a navigation that happened before a pending update.
 */
export function replaceQuery(path: string, search: string): void {
  if (location.pathname !== path || location.search === search) return
  history.replaceState(history.state, '', `${path}${search}${location.hash}`)
}
