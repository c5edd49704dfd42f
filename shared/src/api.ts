/** Body of every error response at both tiers. */
export interface ApiErrorBody {
  error: {
    code: string
    message: string
    details?: unknown
  }
}

/** `GET /api/meta` at either tier. */
export interface MetaResponse {
  tier: 'edge' | 'cloud'
  version: string
  siteId?: string
}

/** A page of a list endpoint. */
export interface ListPage<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}
