import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** Keys generated on first start. They stay in the data folder and never go to the cloud. */
export interface EdgeSecrets {
  /** Ed25519 key that signs this site's sync requests (JWTs) to the cloud. */
  siteSigningKey: CryptoKey
  siteSigningPublicJwk: JWK
  /** Identifies the signing key in JWT headers; changes when the key is rotated. */
  siteKeyId: string
  /** HMAC key for pseudonyms. */
  pseudonymKey: Uint8Array
  /** Ed25519 key that signs user session JWTs. */
  sessionSigningKey: CryptoKey
  sessionVerifyKey: CryptoKey
}

interface StoredSecrets {
  siteKey: { privateJwk: JWK; publicJwk: JWK; kid: string }
  pseudonymKey: string
  sessionKey: { privateJwk: JWK; publicJwk: JWK }
}

const SECRETS_FILE = 'secrets.json'

async function newKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) }
}

async function createStoredSecrets(): Promise<StoredSecrets> {
  const siteKey = await newKeyPair()
  return {
    siteKey: { ...siteKey, kid: crypto.randomUUID() },
    pseudonymKey: crypto.randomBytes(32).toString('base64'),
    sessionKey: await newKeyPair(),
  }
}

/** Writes the secrets file with mode 0600, atomically, so a crash never leaves half a key. */
export function writeSecretsFile(dataDir: string, stored: unknown): void {
  const file = path.join(dataDir, SECRETS_FILE)
  const temporary = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temporary, JSON.stringify(stored, null, 2), { mode: 0o600 })
  fs.renameSync(temporary, file)
  fs.chmodSync(file, 0o600)
}

/** Loads the secrets from the data folder, generating them on first start. */
export async function loadOrCreateSecrets(dataDir: string): Promise<EdgeSecrets> {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, SECRETS_FILE)
  let stored: StoredSecrets
  if (fs.existsSync(file)) {
    stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSecrets
  } else {
    stored = await createStoredSecrets()
    writeSecretsFile(dataDir, stored)
  }

  return {
    siteSigningKey: (await importJWK(stored.siteKey.privateJwk, 'EdDSA')) as CryptoKey,
    siteSigningPublicJwk: stored.siteKey.publicJwk,
    siteKeyId: stored.siteKey.kid,
    pseudonymKey: new Uint8Array(Buffer.from(stored.pseudonymKey, 'base64')),
    sessionSigningKey: (await importJWK(stored.sessionKey.privateJwk, 'EdDSA')) as CryptoKey,
    sessionVerifyKey: (await importJWK(stored.sessionKey.publicJwk, 'EdDSA')) as CryptoKey,
  }
}
