import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import fs from 'node:fs'
import path from 'node:path'

/** Keys the cloud generates on first start; they stay in its data folder. */
export interface CloudSecrets {
  /** Ed25519 key that signs user session JWTs. */
  sessionSigningKey: CryptoKey
  sessionVerifyKey: CryptoKey
}

interface StoredCloudSecrets {
  sessionKey: { privateJwk: JWK; publicJwk: JWK }
}

/** File name inside the cloud's data folder; mode 0600. */
export const CLOUD_SECRETS_FILE = 'auth-secrets.json'

async function createStored(): Promise<StoredCloudSecrets> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  return { sessionKey: { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) } }
}

/**
 * Loads the cloud's session keys, generating them on first start. The file is written with
 * mode 0600 through a temporary file and a rename, so a crash never leaves half a key.
 */
export async function loadOrCreateCloudSecrets(dataDir: string): Promise<CloudSecrets> {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, CLOUD_SECRETS_FILE)
  let stored: StoredCloudSecrets
  if (fs.existsSync(file)) {
    stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredCloudSecrets
  } else {
    stored = await createStored()
    const temporary = `${file}.${process.pid}.tmp`
    fs.writeFileSync(temporary, JSON.stringify(stored, null, 2), { mode: 0o600 })
    fs.renameSync(temporary, file)
  }
  fs.chmodSync(file, 0o600)

  return {
    sessionSigningKey: (await importJWK(stored.sessionKey.privateJwk, 'EdDSA')) as CryptoKey,
    sessionVerifyKey: (await importJWK(stored.sessionKey.publicJwk, 'EdDSA')) as CryptoKey,
  }
}
