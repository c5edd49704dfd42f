/**
 * Values that an error message embeds, by name, such as `{ value: 'ada@', field: 'email' }`.
 * A client writes the message in its own language from the code and these values.
 */
export type ErrorParams = Record<string, string | number | readonly string[]>

/** Body of every error response at both tiers. */
export interface ApiErrorBody {
  error: {
    code: string
    /** English text for logs and API clients that do not translate. */
    message: string
    params?: ErrorParams
    details?: unknown
  }
}

/** `GET /api/meta` at either tier. */
export interface MetaResponse {
  tier: 'edge' | 'cloud'
  version: string
  siteId?: string
}

/** Count and optional sum of the matching records that share one value of the grouped field. */
export interface ListGroup {
  /** The grouped field's value, or null for records without one. */
  value: string | null
  count: number
  /** Sum of the `sum` field over the group. Records without a number add nothing. */
  sum?: number
}

/** A page of a list endpoint. */
export interface ListPage<T> {
  items: T[]
  total: number
  limit: number
  offset: number
  /** Edge only, when the request names `groupBy`: figures over every matching record, not the page. */
  groups?: ListGroup[]
}
