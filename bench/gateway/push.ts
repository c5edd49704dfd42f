/**
 * Measures pushing N projected contacts from a PouchDB outbox to the cloud in two ways. The
 * first goes through the sync gateway, which checks the site token and the allowed fields of
 * every batch before writing to embedded storage. The baseline writes to the same kind of
 * storage through the CouchDB test emulator, which checks neither. Each way runs RUNS times
 * into a fresh database, and the medians are printed.
 *
 * Usage: tsx bench/gateway/push.ts [N=20000] [RUNS=3]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { newId, type AllowedFieldSet } from '@enclave/shared'
import { openDatabase, PouchDB, type Database } from '@enclave/shared/node/pouch'
import { startTestCloud } from '@enclave/cloud/testing/test-cloud'
import { createSiteKey, enrolTestSite, signSiteToken, type SiteKey } from '@enclave/cloud/testing/test-site'
import { startCouchEmulator } from '../../tests/support/couchdb-emulator/index'

const COUNT = Number(process.argv[2] ?? 20_000)
const RUNS = Number(process.argv[3] ?? 3)
/** Batch size the edge's replicator uses. */
const BATCH_SIZE = 500

const ALLOWED: AllowedFieldSet = {
  version: 1,
  entities: {
    contact: {
      fields: { country: 'sync', lifecycleStage: 'sync', jobTitle: 'sync', email: 'pseudonym' },
      cloudWritable: ['lifecycleStage'],
      cloudCreatable: false, cloudDeletable: false,
    },
  },
}

function projectedContact(index: number): Record<string, unknown> {
  const stamp = `00000000${index.toString(36)}`.slice(-9) + '-0000-bench'
  return {
    _id: newId('contact'),
    type: 'contact',
    country: ['Norway', 'France', 'Chile', 'Japan'][index % 4],
    lifecycleStage: 'customer',
    jobTitle: 'Engineer',
    email: `psn_${index.toString(32).replace(/[01]/g, 'a').replace(/[89]/g, 'b').padStart(26, 'a')}`,
    stamps: { country: stamp, lifecycleStage: stamp, jobTitle: stamp, email: stamp },
    residency: { email: 'pseudonym' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
}

function remote(url: string, authorize: () => Promise<string>): Database {
  return new PouchDB(url, {
    skip_setup: true,
    fetch: async (target: string | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers)
      headers.set('authorization', `Bearer ${await authorize()}`)
      return PouchDB.fetch(target, { ...init, headers })
    },
  } as PouchDB.Configuration.RemoteDatabaseConfiguration)
}

async function timePush(outbox: Database, target: Database): Promise<number> {
  const started = performance.now()
  const result = await outbox.replicate.to(target, { batch_size: BATCH_SIZE, batches_limit: 5 })
  const elapsed = performance.now() - started
  if (result.docs_written !== COUNT) throw new Error(`pushed ${result.docs_written} of ${COUNT} documents`)
  return elapsed
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-gateway-'))
const outbox = openDatabase(workDir, 'outbox')
for (let start = 0; start < COUNT; start += 5000) {
  const docs = []
  for (let index = start; index < Math.min(start + 5000, COUNT); index += 1) docs.push(projectedContact(index))
  await outbox.bulkDocs(docs)
}

const cloud = await startTestCloud()
const emulator = await startCouchEmulator()
const gatewayTimes: number[] = []
const baselineTimes: number[] = []

for (let run = 0; run < RUNS; run += 1) {
  const siteId = `bench-${run}`
  const key: SiteKey = await createSiteKey()
  await enrolTestSite(cloud, { siteId, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
  gatewayTimes.push(await timePush(outbox, remote(`${cloud.url}/sync/${siteId}`, () => signSiteToken(siteId, key))))

  const credentials = new URL(emulator.url)
  const baselineUrl = `${credentials.origin}/baseline_${run}`
  const basic = `Basic ${Buffer.from(`${decodeURIComponent(credentials.username)}:${decodeURIComponent(credentials.password)}`).toString('base64')}`
  const baseline = new PouchDB(baselineUrl, {
    fetch: (target: string | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers)
      headers.set('authorization', basic)
      return PouchDB.fetch(target, { ...init, headers })
    },
  } as PouchDB.Configuration.RemoteDatabaseConfiguration)
  baselineTimes.push(await timePush(outbox, baseline))
}

const gatewayMs = median(gatewayTimes)
const baselineMs = median(baselineTimes)
console.log(`documents: ${COUNT}, runs: ${RUNS}, batch size: ${BATCH_SIZE}`)
console.log(`gateway push, median: ${(gatewayMs / 1000).toFixed(2)} s (${Math.round(COUNT / (gatewayMs / 1000))} docs/s)`)
console.log(`emulator push without checks, median: ${(baselineMs / 1000).toFixed(2)} s (${Math.round(COUNT / (baselineMs / 1000))} docs/s)`)
console.log(`gateway / baseline: ${(gatewayMs / baselineMs).toFixed(2)}`)

await outbox.close()
await cloud.destroy()
await emulator.destroy()
fs.rmSync(workDir, { recursive: true, force: true })
