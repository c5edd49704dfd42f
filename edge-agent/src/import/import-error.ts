import { ApiError } from '@enclave/shared'

/**
 * Creates the error for a file that cannot be imported as a whole: empty, binary, wrongly
 * encoded, not a workbook, too large. Status 422 because the upload itself succeeded.
 */
export function fileError(code: string, message: string, details?: unknown): ApiError {
  return new ApiError(422, code, message, details)
}
