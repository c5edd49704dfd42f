import crypto from 'node:crypto'

/**
 * Compares two secrets in time that does not depend on where they differ. Both sides are
 * hashed first so that their lengths do not leak either.
 */
export function secretsEqual(a: string, b: string): boolean {
  const left = new Uint8Array(crypto.createHash('sha256').update(a).digest())
  const right = new Uint8Array(crypto.createHash('sha256').update(b).digest())
  return crypto.timingSafeEqual(left, right) && a.length === b.length
}
