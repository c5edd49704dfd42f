import { AuthService } from '@enclave/shared/node/auth/index'
import type { Logger } from '@enclave/shared/node/log'
import { openDatabase, type Database } from '@enclave/shared/node/pouch'
import type { CloudConfig } from '../config'
import { loadOrCreateCloudSecrets } from './cloud-secrets'

/**
 * Opens cloud accounts and sessions. Accounts live in a PouchDB database `cloud-auth` in the
 * data folder with either storage backend, so sign-in works while CouchDB is unreachable.
 * While no account exists, prints the one-time setup token on the console and writes it to
 * `setup-token` in the data folder.
 */
export async function openCloudAuth(config: CloudConfig, logger: Logger): Promise<{ auth: AuthService; db: Database }> {
  const secrets = await loadOrCreateCloudSecrets(config.dataDir)
  const db = openDatabase(config.dataDir, 'cloud-auth')
  const auth = new AuthService({
    tier: 'cloud',
    db,
    dataDir: config.dataDir,
    signingKey: secrets.sessionSigningKey,
    verifyKey: secrets.sessionVerifyKey,
  })

  const setupToken = await auth.open()
  if (setupToken) {
    logger.info({ file: 'setup-token' }, 'no cloud administrator exists; the setup token is on the console and in the data folder')
    if (logger.isLevelEnabled('info')) {
      process.stderr.write(`\nNo cloud administrator exists yet. Open the web UI and create one with this setup token:\n\n  ${setupToken}\n\n`)
    }
  }
  auth.onEvent((event) => {
    const entry = { action: event.action, user: event.user, target: event.target, fields: event.fields, address: event.address }
    if (event.action === 'login_failed' || event.action === 'login_locked') logger.warn(entry, 'cloud sign-in failed')
    else logger.info(entry, 'cloud account event')
  })
  return { auth, db }
}
