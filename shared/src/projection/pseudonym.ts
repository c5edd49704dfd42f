import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { FieldKind } from '../entities/fields'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'
/** 26 base-32 characters carry 130 bits of the HMAC: collisions are negligible at any CRM size. */
const TOKEN_LENGTH = 26
export const PSEUDONYM_PATTERN = /^psn_[a-z2-7]{26}$/

function toBase32(bytes: Uint8Array, length: number): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}

/** Normalises a value so that the same email or phone written twice gets the same token. */
function normalizeForToken(kind: FieldKind, value: unknown): string {
  const text = String(value).trim()
  if (kind === 'email' || kind === 'text' || kind === 'id') return text.toLowerCase()
  if (kind === 'phone') return text.replace(/[^\d+;=a-z]/gi, '')
  return text
}

/**
 * Returns a keyed HMAC-SHA256 token for a value: stable for the same value and key, so the cloud
 * can count and deduplicate, and useless without the site's key, which never leaves the site.
 */
export function pseudonymize(key: Uint8Array, kind: FieldKind, value: unknown): string {
  const message = encoder.encode(`${kind}\u0000${normalizeForToken(kind, value)}`)
  return `psn_${toBase32(keyedHmac(key).clone().update(message).digest(), TOKEN_LENGTH)}`
}

const encoder = new TextEncoder()

/**
 * HMAC states with each key already absorbed, by key array. Cloning one costs two SHA-256
 * blocks less than keying a new one. A key array must not change after its first use.
 */
const keyedStates = new WeakMap<Uint8Array, ReturnType<typeof hmac.create>>()

function keyedHmac(key: Uint8Array): ReturnType<typeof hmac.create> {
  let state = keyedStates.get(key)
  if (!state) {
    state = hmac.create(sha256, key)
    keyedStates.set(key, state)
  }
  return state
}
