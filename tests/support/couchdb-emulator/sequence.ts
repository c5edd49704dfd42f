import type { UpdateSequence } from '@enclave/cloud/storage/types'

/**
 * CouchDB 3 sequences are opaque strings (`"12-g1AAAA..."`) that clients must pass back
 * unchanged. The emulator's store counts with plain numbers, so it wraps them in that shape:
 * a client that treats sequences as numbers fails here as it would against CouchDB.
 */
const SUFFIX = '-g1AAAAemulator'

export function toOpaqueSequence(seq: UpdateSequence): string {
  return `${seq}${SUFFIX}`
}

/** Reads `since`: `now`, a number, or a sequence this emulator issued. */
export function fromOpaqueSequence(raw: string | undefined): UpdateSequence {
  if (raw === undefined || raw === '' || raw === '0') return 0
  if (raw === 'now') return 'now'
  const match = /^(\d+)(?:-.*)?$/.exec(raw)
  if (!match?.[1]) throw new Error(`since '${raw}' is not a sequence this emulator issued`)
  return Number(match[1])
}
