import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/pouch'
import { auditEntryId } from './audit-hash'
import { runAuditCli } from './audit-cli'
import { AuditLog } from './audit-log'

describe('edge-agent audit', () => {
  let dataDir: string
  let output: string
  const write = (text: string) => {
    output += text
  }

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-audit-cli-'))
    output = ''
    const audit = openDatabase(dataDir, 'audit')
    const meta = openDatabase(dataDir, 'meta')
    const log = new AuditLog(audit, meta)
    await log.open()
    for (let i = 0; i < 3; i++) await log.append({ action: 'record.read', user: 'user:alice', fields: ['=cmd'] })
    await Promise.all([audit.close(), meta.close()])
  })

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('verify reports an intact log', async () => {
    expect(await runAuditCli(['verify', '--data-dir', dataDir], write)).toBe(0)
    expect(output).toContain('3 entries checked')
  })

  it('verify names the first broken link', async () => {
    const audit = openDatabase(dataDir, 'audit')
    const entry = (await audit.get(auditEntryId(2))) as any
    await audit.put({ ...entry, action: 'nothing' })
    await audit.close()

    expect(await runAuditCli(['verify', '--data-dir', dataDir], write)).toBe(1)
    expect(output).toContain('BROKEN at entry 2 (hash_mismatch)')
  })

  it('export escapes formulas in CSV', async () => {
    expect(await runAuditCli(['export', '--format', 'csv', '--data-dir', dataDir], write)).toBe(0)
    expect(output).toContain(`"'=cmd"`)
  })

  it('rejects an unknown command', async () => {
    expect(await runAuditCli(['rewrite'], write)).toBe(2)
  })
})
