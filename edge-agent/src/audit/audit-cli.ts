import path from 'node:path'
import { openDatabase } from '../storage/pouch'
import { auditEntriesToCsv, auditEntriesToJson } from './audit-export'
import type { AuditEntry } from './audit-hash'
import { AuditLog } from './audit-log'

export const AUDIT_USAGE = `usage: edge-agent audit verify [--data-dir DIR]
       edge-agent audit export [--format csv|json] [--data-dir DIR]

verify   checks the hash chain and prints the first broken link; exit code 1 when broken
export   writes every entry to standard output for a regulator
--data-dir  the edge's data folder (default: EDGE_DATA_DIR or .data/edge)
--format    csv or json (default json)`

function readOption(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index >= 0 ? args[index + 1] : undefined
}

async function openLog(dataDir: string): Promise<{ log: AuditLog; close(): Promise<void> }> {
  const audit = openDatabase(dataDir, 'audit')
  const meta = openDatabase(dataDir, 'meta')
  try {
    await Promise.all([audit.info(), meta.info()])
  } catch (error) {
    await Promise.allSettled([audit.close(), meta.close()])
    throw new Error(`cannot open the audit log in ${dataDir} (${(error as Error).message}); if the edge is running, stop it or use GET /api/audit/verify`)
  }
  const log = new AuditLog(audit, meta)
  await log.open()
  return { log, close: async () => void (await Promise.all([audit.close(), meta.close()])) }
}

/**
 * Runs `edge-agent audit <verify|export>` and returns the process exit code: 0 when the chain
 * is intact, 1 when it is broken, 2 for usage errors.
 */
export async function runAuditCli(args: string[], output: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [command] = args
  const dataDir = path.resolve(readOption(args, '--data-dir') ?? process.env.EDGE_DATA_DIR ?? '.data/edge')
  if (command !== 'verify' && command !== 'export') {
    output(`${AUDIT_USAGE}\n`)
    return 2
  }
  const format = readOption(args, '--format') ?? 'json'
  if (format !== 'csv' && format !== 'json') {
    output(`--format is '${format}'; use csv or json\n`)
    return 2
  }

  const { log, close } = await openLog(dataDir)
  try {
    const verification = await log.verify()
    if (command === 'verify') {
      output(verification.ok
        ? `audit log intact: ${verification.checked} entries checked\n`
        : `audit log BROKEN at entry ${verification.brokenLink!.seq} (${verification.brokenLink!.reason}): ${verification.brokenLink!.message}; ${verification.checked} entries before it are intact\n`)
      return verification.ok ? 0 : 1
    }

    const entries: AuditEntry[] = []
    for await (const entry of log.entries()) entries.push(entry)
    output(format === 'csv' ? auditEntriesToCsv(entries) : `${JSON.stringify({ verification, entries: auditEntriesToJson(entries) }, null, 2)}\n`)
    return verification.ok ? 0 : 1
  } finally {
    await close()
  }
}
