import type { ApiErrorBody, ErrorParams } from './api'

/**
 * An error that reaches the client as `{ error: { code, message, params, details } }` with
 * `status`.
 * The message names the value at fault and what to do about it, in English. `params` carries
 * the values it embeds, so a client can write the same message in its own language.
 */
export class ApiError extends Error {
  params?: ErrorParams

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 412 | 413 | 415 | 422 | 429 | 500 | 502 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Response headers the status calls for, such as `Allow` on a 405. */
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /**
   * Sets the values the message embeds and returns the error.
   *
   * @example throw new ApiError(413, 'file_too_large', message).withParams({ max: 1024 })
   */
  withParams(params: ErrorParams): this {
    this.params = params
    return this
  }

  toBody(): ApiErrorBody {
    const error: ApiErrorBody['error'] = { code: this.code, message: this.message }
    if (this.params !== undefined) error.params = this.params
    if (this.details !== undefined) error.details = this.details
    return { error }
  }
}
