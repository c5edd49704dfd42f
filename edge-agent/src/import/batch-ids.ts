import { createHash } from 'node:crypto'

// Crockford base32, the alphabet of ULIDs.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function base32(value: bigint, length: number): string {
  let text = ''
  let rest = value
  for (let index = 0; index < length; index++) {
    text = ALPHABET[Number(rest % 32n)] + text
    rest /= 32n
  }
  return text
}

function hashBits(text: string, bits: number): bigint {
  const digest = createHash('sha256').update(text).digest()
  return BigInt(`0x${digest.subarray(0, 8).toString('hex')}`) >> BigInt(64 - bits)
}

/**
 * Builds the first 16 characters of every ULID a batch writes: the batch's creation time (10
 * characters, as in any ULID) and 6 characters derived from the batch id. Records of one
 * batch thus share an id prefix, which undo and resume use to find them.
 */
export function batchIdPrefix(batchId: string, createdAtMs: number): string {
  return `${base32(BigInt(createdAtMs), 10)}${base32(hashBits(batchId, 30), 6)}`
}

/**
 * Returns the id of the record that row `row` of a batch creates. The same batch and row always
 * give the same id, so a batch that runs again after a crash rewrites rather than duplicates.
 * Row ids start with `0` in their last ten characters; name ids (`nameRecordId`) never do.
 */
export function rowRecordId(type: string, prefix: string, row: number): string {
  return `${type}:${prefix}${base32(BigInt(row), 10)}`
}

/** Returns the id of a record a batch creates for a name, such as a missing company. */
export function nameRecordId(type: string, prefix: string, nameKey: string): string {
  return `${type}:${prefix}Z${base32(hashBits(nameKey, 45), 9)}`
}

/** Tells whether `id` was written by the batch with `prefix`. */
export function isBatchOwned(id: string, prefix: string): boolean {
  const colon = id.indexOf(':')
  return id.startsWith(prefix, colon + 1)
}
