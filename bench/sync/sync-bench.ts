/**
 * Measures the edge's sync against a cloud with embedded storage, both in this process:
 * 1. initial sync: N generated contacts in `records`, from edge start and enrolment until the
 *    cloud holds all N projected documents (projection and replication together);
 * 2. baseline: raw PouchDB replication of the same projected documents, from a plain LevelDB
 *    database to a second site through the same gateway, batch size 500;
 * 3. single-edit latency with live sync, edge to cloud and cloud to edge, median of EDITS edits.
 *
 * Usage: tsx bench/sync/sync-bench.ts [N=100000] [EDITS=20]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import Papa from 'papaparse'
import { newId, toAllowedFieldSet, validateRecord, type RecordDoc } from '@enclave/shared'
import { openDatabase, PouchDB } from '@enclave/shared/node/pouch'
import { siteDatabaseName } from '@enclave/cloud/storage/types'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { signSiteToken } from '@enclave/edge-agent/sync/site-token'
import { generateContacts } from '../data/generate-contacts'

const COUNT = Number(process.argv[2] ?? 100_000)
const EDITS = Number(process.argv[3] ?? 20)
const BATCH_SIZE = 500
const WRITE_CHUNK = 5000

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}

/** Turns a generated CSV row into a valid contact record, dropping values validation rejects. */
function toContact(row: Record<string, string>, stamp: string): RecordDoc | undefined {
  const input: Record<string, unknown> = {
    externalId: row['Customer Id'],
    firstName: row['First Name'],
    lastName: row['Last Name'],
    city: row.City,
    country: row.Country,
    phone: row['Phone 1'],
    phone2: row['Phone 2'],
    email: row.Email,
    subscribedAt: row['Subscription Date'],
    website: row.Website,
    jobTitle: row.Company ? `Buyer at ${row.Company}` : undefined,
  }
  let result = validateRecord('contact', input)
  if (!result.ok) {
    for (const error of result.errors) delete input[error.field]
    result = validateRecord('contact', input)
  }
  if (!result.ok) return undefined
  const now = new Date().toISOString()
  const stamps = Object.fromEntries(Object.keys(result.value).map((name) => [name, stamp]))
  return { ...result.value, _id: newId('contact'), type: 'contact', createdAt: now, updatedAt: now, stamps }
}

async function writeRecords(dataDir: string, csvFile: string): Promise<number> {
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(csvFile, 'utf8'), { header: true, skipEmptyLines: true })
  const stamp = `${Date.now().toString(36).padStart(9, '0')}-0000-bench-site`
  const docs = parsed.data.map((row) => toContact(row, stamp)).filter((doc): doc is RecordDoc => doc !== undefined)
  const records = openDatabase(dataDir, 'records')
  for (let start = 0; start < docs.length; start += WRITE_CHUNK) await records.bulkDocs(docs.slice(start, start + WRITE_CHUNK) as never)
  await records.close()
  return docs.length
}

async function cloudCount(cloud: TestCloud, siteId: string): Promise<number> {
  const info = await (await cloud.context.storage.database(siteDatabaseName(siteId))).info()
  return info.doc_count
}

async function waitUntil(check: () => Promise<boolean>, pollMs = 10): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, pollMs))
}

async function createSite(cloud: TestCloud, siteId: string): Promise<string> {
  const created = await cloud.api.post('/api/sites', { siteId, name: siteId })
  if (created.status !== 201) throw new Error(`creating site ${siteId} failed: ${JSON.stringify(created.body)}`)
  return created.body.enrolmentCode
}

async function measureInitialSync(cloud: TestCloud, dataDir: string, expected: number): Promise<{ edge: TestEdge; ms: number; startMs: number }> {
  const code = await createSite(cloud, 'bench-site')
  const began = performance.now()
  const edge = await startTestEdge({ siteId: 'bench-site', cloudUrl: cloud.url, dataDir })
  const startMs = performance.now() - began
  const enrolled = await edge.api.post('/api/sync/enrol', { enrolmentCode: code })
  if (enrolled.status !== 200) throw new Error(`enrolment failed: ${JSON.stringify(enrolled.body)}`)
  let projectedMs = 0
  await waitUntil(async () => {
    if (!projectedMs && (await edge.context.databases.outbox.info()).doc_count >= expected) projectedMs = performance.now() - began
    return (await cloudCount(cloud, 'bench-site')) >= expected
  }, 200)
  console.log(`  outbox complete after ${seconds(projectedMs)}`)
  return { edge, ms: performance.now() - began, startMs }
}

/** Replicates the edge's projected documents, copied into a plain database, to another site. */
async function measureRawReplication(cloud: TestCloud, edge: TestEdge, workDir: string, expected: number): Promise<number> {
  const code = await createSite(cloud, 'bench-raw')
  const enrolled = await fetch(`${cloud.url}/api/sites/bench-raw/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, publicJwk: edge.context.secrets.siteSigningPublicJwk, kid: edge.context.secrets.siteKeyId }),
  })
  if (!enrolled.ok) throw new Error(`enrolling bench-raw failed: ${await enrolled.text()}`)
  await cloud.context.sites.publishPolicy('bench-raw', toAllowedFieldSet(edge.context.policies.get()))

  const source = openDatabase(workDir, 'raw-source')
  for (let skip = 0; ; skip += WRITE_CHUNK) {
    const page = await edge.context.databases.outbox.allDocs({ include_docs: true, limit: WRITE_CHUNK, skip })
    if (page.rows.length === 0) break
    await source.bulkDocs(page.rows.map((row) => {
      const { _rev, ...doc } = row.doc as unknown as Record<string, unknown>
      return doc
    }) as never)
  }

  const remote = new PouchDB(`${cloud.url}/sync/bench-raw`, {
    skip_setup: true,
    fetch: async (url: string | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers)
      headers.set('authorization', `Bearer ${await signSiteToken('bench-raw', edge.context.secrets)}`)
      return fetch(url, { ...init, headers })
    },
  } as PouchDB.Configuration.RemoteDatabaseConfiguration)
  const began = performance.now()
  await source.replicate.to(remote, { batch_size: BATCH_SIZE, batches_limit: 4 })
  const ms = performance.now() - began
  if ((await cloudCount(cloud, 'bench-raw')) < expected) throw new Error('raw replication did not copy every document')
  await source.close()
  return ms
}

async function measureEditLatency(cloud: TestCloud, edge: TestEdge): Promise<{ toCloud: number[]; toEdge: number[] }> {
  const page = await edge.api.get('/api/contacts?limit=50')
  const ids = (page.body.items as { _id: string }[]).map((item) => item._id)
  const site = await cloud.context.storage.database(siteDatabaseName('bench-site'))
  const toCloud: number[] = []
  const toEdge: number[] = []
  const stages = ['lead', 'customer']

  for (let index = 0; index < EDITS; index++) {
    const id = ids[index % ids.length]!
    const title = `Latency probe ${index}`
    const began = performance.now()
    await edge.api.patch(`/api/contacts/${id}`, { jobTitle: title })
    await waitUntil(async () => (await site.get(id))?.jobTitle === title)
    toCloud.push(performance.now() - began)

    const stage = stages[index % 2]!
    const current = edge.context.store.index.get('contact', id)
    const target = current?.lifecycleStage === stage ? stages[(index + 1) % 2]! : stage
    const cloudBegan = performance.now()
    const patched = await cloud.api.patch(`/api/sites/bench-site/contacts/${id}`, { lifecycleStage: target })
    if (patched.status !== 200) throw new Error(`cloud edit failed: ${JSON.stringify(patched.body)}`)
    await waitUntil(async () => edge.context.store.index.get('contact', id)?.lifecycleStage === target)
    toEdge.push(performance.now() - cloudBegan)
  }
  return { toCloud, toEdge }
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn'
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-sync-bench-'))
  const csvFile = path.join(workDir, 'contacts.csv')
  const dataDir = path.join(workDir, 'edge')
  await generateContacts(COUNT, csvFile)
  const written = await writeRecords(dataDir, csvFile)
  console.log(`${written} of ${COUNT} generated contacts are valid records`)

  const cloud = await startTestCloud({ dataDir: path.join(workDir, 'cloud') })
  try {
    const initial = await measureInitialSync(cloud, dataDir, written)
    console.log(`initial sync (edge start, projection, replication): ${seconds(initial.ms)}, of which edge start ${seconds(initial.startMs)}`)
    console.log(`  ${Math.round(written / (initial.ms / 1000))} documents/s`)

    const raw = await measureRawReplication(cloud, initial.edge, workDir, written)
    console.log(`raw PouchDB replication of the same ${written} documents: ${seconds(raw)}`)
    console.log(`ratio projection+sync / raw replication: ${(initial.ms / raw).toFixed(2)}`)

    const latency = await measureEditLatency(cloud, initial.edge)
    console.log(`single edit, edge to cloud, median of ${EDITS}: ${median(latency.toCloud).toFixed(0)} ms (max ${Math.max(...latency.toCloud).toFixed(0)} ms)`)
    console.log(`single edit, cloud to edge, median of ${EDITS}: ${median(latency.toEdge).toFixed(0)} ms (max ${Math.max(...latency.toEdge).toFixed(0)} ms)`)
    await initial.edge.close()
  } finally {
    await cloud.close()
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

await main()
