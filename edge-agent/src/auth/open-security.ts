import { AuthService } from '@enclave/shared/node/auth/index'
import { AuditLog } from '../audit/audit-log'
import type { EdgeConfig } from '../config'
import type { Logger } from '../log'
import type { EdgeSecrets } from '../secrets'
import type { EdgeDatabases } from '../storage/pouch'

/**
 * Opens the edge's accounts, sessions and audit log. While no account exists, prints the
 * one-time setup token on the console (not the log, which must never hold secrets) and
 * writes it to `setup-token` in the data folder.
 */
export async function openEdgeSecurity(
  config: EdgeConfig,
  databases: EdgeDatabases,
  secrets: EdgeSecrets,
  logger: Logger,
): Promise<{ auth: AuthService; audit: AuditLog }> {
  const auth = new AuthService({
    tier: 'edge',
    db: databases.meta,
    dataDir: config.dataDir,
    signingKey: secrets.sessionSigningKey,
    verifyKey: secrets.sessionVerifyKey,
  })
  const audit = new AuditLog(databases.audit, databases.meta, (error) =>
    logger.error({ err: error }, 'audit append failed'),
  )
  const [setupToken] = await Promise.all([auth.open(), audit.open()])

  if (setupToken) {
    logger.info({ file: 'setup-token' }, 'no administrator exists; the setup token is on the console and in the data folder')
    if (logger.isLevelEnabled('info')) {
      process.stderr.write(`\nNo administrator exists yet. Open the web UI and create one with this setup token:\n\n  ${setupToken}\n\n`)
    }
  }
  return { auth, audit }
}
