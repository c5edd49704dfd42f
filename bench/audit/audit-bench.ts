/**
 * Measures the audit log: single appends (one per record view), bulk appends of 500 entries,
 * the newest page, a filtered page, and verifying the whole chain.
 *
 * Usage: npx tsx bench/audit/audit-bench.ts [entries=100000] [runs=3]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '@enclave/shared/node/pouch'
import { AuditLog } from '@enclave/edge-agent/audit/audit-log'

const ENTRIES = Number(process.argv[2] ?? 100_000)
const RUNS = Number(process.argv[3] ?? 3)
const SINGLE_APPENDS = 1000
const BATCH = 500

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9
}

async function runOnce(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-audit-bench-'))
  const audit = openDatabase(dir, 'audit')
  const meta = openDatabase(dir, 'meta')
  const log = new AuditLog(audit, meta)
  await log.open()

  let start = process.hrtime.bigint()
  for (let i = 0; i < SINGLE_APPENDS; i++) {
    await log.append({ action: 'record.read', user: 'user:alice', recordIds: [`contact:${i}`], fields: ['email', 'firstName'] })
  }
  const singleSeconds = seconds(start)

  start = process.hrtime.bigint()
  for (let written = SINGLE_APPENDS; written < ENTRIES; written += BATCH) {
    const count = Math.min(BATCH, ENTRIES - written)
    const inputs = Array.from({ length: count }, (_, i) => ({
      action: i % 10 === 0 ? 'login' : 'record.list',
      user: `user:u${i % 20}`,
      recordIds: [`contact:${written + i}`],
      fields: ['email'],
    }))
    await log.appendMany(inputs)
  }
  const bulkSeconds = seconds(start)

  start = process.hrtime.bigint()
  await log.list({ limit: 50, offset: 50 })
  const newestPageSeconds = seconds(start)

  start = process.hrtime.bigint()
  await log.list({ action: 'login', user: 'user:u0', limit: 50 })
  const listSeconds = seconds(start)

  start = process.hrtime.bigint()
  const verification = await log.verify()
  const verifySeconds = seconds(start)
  if (!verification.ok || verification.checked !== ENTRIES) throw new Error(`verification failed: ${JSON.stringify(verification)}`)

  await Promise.all([audit.close(), meta.close()])
  fs.rmSync(dir, { recursive: true, force: true })
  return {
    singleAppendsPerSecond: SINGLE_APPENDS / singleSeconds,
    bulkEntriesPerSecond: (ENTRIES - SINGLE_APPENDS) / bulkSeconds,
    newestPageSeconds,
    filteredPageSeconds: listSeconds,
    verifySeconds,
  }
}

const runs: Record<string, number>[] = []
for (let run = 0; run < RUNS; run++) runs.push(await runOnce())
const names = Object.keys(runs[0]!)
console.log(`audit log, ${ENTRIES} entries, median of ${RUNS} runs`)
for (const name of names) console.log(`${name}: ${median(runs.map((run) => run[name]!)).toFixed(2)}`)
