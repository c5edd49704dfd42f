/** Search, sort and column filters of a record list, as kept in the page's query string. */
export interface ListUrlState {
  q: string
  /** A field name with a leading `-` for descending order, or empty for the server's order. */
  sort: string
  /** `field` or `field.op` -> value, the same keys as the list API's `filter.<key>`. */
  filters: Record<string, string>
}

const FILTER_PREFIX = 'filter.'

/**
 * Reads the list state from a query string such as `?q=Melissa&sort=-lastName&filter.country=NO`.
 * Parameters it does not know are ignored, and empty filters are left out.
 */
export function parseListQuery(search: string): ListUrlState {
  const params = new URLSearchParams(search)
  const filters: Record<string, string> = {}
  for (const [name, value] of params) {
    if (name.startsWith(FILTER_PREFIX) && name.length > FILTER_PREFIX.length && value !== '') {
      filters[name.slice(FILTER_PREFIX.length)] = value
    }
  }
  return { q: params.get('q') ?? '', sort: params.get('sort') ?? '', filters }
}

/**
 * Writes the list state into `search`, replacing the list's own parameters and keeping any
 * other. Returns `?…`, or an empty string when no parameter is left.
 *
 * @example listQueryString('', { q: 'Melissa', sort: '', filters: {} }) // '?q=Melissa'
 */
export function listQueryString(search: string, state: ListUrlState): string {
  const params = new URLSearchParams(search)
  for (const name of [...params.keys()]) {
    if (name === 'q' || name === 'sort' || name.startsWith(FILTER_PREFIX)) params.delete(name)
  }

  if (state.q !== '') params.set('q', state.q)
  if (state.sort !== '') params.set('sort', state.sort)
  for (const [key, value] of Object.entries(state.filters)) {
    if (value !== '') params.set(`${FILTER_PREFIX}${key}`, value)
  }

  const text = params.toString()
  return text ? `?${text}` : ''
}

/** Returns the field that a sort (`-lastName`) or filter key (`email.contains`) names. */
function fieldOfKey(key: string): string {
  return key.replace(/^-/, '').split('.')[0] ?? ''
}

/**
 * Removes the sort and filters on `withheld` fields, and the search unless `searchable`,
 * because the server rejects them for a user who may not read those fields. A bookmarked URL
 * or a saved view can carry them from another user of the same browser.
 *
 * @example withoutWithheld({ q: '', sort: 'email', filters: {} }, new Set(['email']), true) // sort ''
 */
export function withoutWithheld(state: ListUrlState, withheld: ReadonlySet<string>, searchable: boolean): ListUrlState {
  const sort = withheld.has(fieldOfKey(state.sort)) ? '' : state.sort
  const filters = Object.fromEntries(Object.entries(state.filters).filter(([key]) => !withheld.has(fieldOfKey(key))))
  return { q: searchable ? state.q : '', sort, filters }
}
