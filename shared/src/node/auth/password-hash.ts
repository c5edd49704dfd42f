import crypto from 'node:crypto'
import { promisify } from 'node:util'

const scryptAsync = promisify(crypto.scrypt) as unknown as (
  password: string,
  salt: Uint8Array,
  keyLength: number,
  options: crypto.ScryptOptions,
) => Promise<Uint8Array>

async function scrypt(password: string, salt: Uint8Array, keyLength: number, options: crypto.ScryptOptions): Promise<Uint8Array> {
  return new Uint8Array(await scryptAsync(password, salt, keyLength, options))
}

/**
 * scrypt cost parameters: N = 2^15, r = 8, p = 1 is the interactive-login setting from
 * RFC 7914 section 2 and the OWASP password storage cheat sheet; it needs 32 MiB per hash.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 }
const KEY_LENGTH = 64
const SALT_LENGTH = 16
/** Node's default scrypt memory cap is exactly 32 MiB, which N = 2^15 with r = 8 would hit. */
const MAX_MEMORY = 64 * 1024 * 1024

/**
 * Hashes a password with scrypt and a random salt. The result is self-describing:
 * `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`, so the cost can rise later without breaking
 * stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = new Uint8Array(crypto.randomBytes(SALT_LENGTH))
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...COST, maxmem: MAX_MEMORY })
  return ['scrypt', COST.N, COST.r, COST.p, Buffer.from(salt).toString('base64'), Buffer.from(key).toString('base64')].join('$')
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$')
  if (scheme !== 'scrypt' || !saltText || !keyText) return false

  const expected = new Uint8Array(Buffer.from(keyText, 'base64'))
  const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAX_MEMORY }
  const actual = await scrypt(password.normalize('NFKC'), new Uint8Array(Buffer.from(saltText, 'base64')), expected.length, cost)
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected)
}

let dummyHash: Promise<string> | undefined

/**
 * Spends the same time as a real check when the account does not exist, so response times do
 * not reveal which user names are registered.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'))
  await verifyPassword(password, await dummyHash)
  return false
}
