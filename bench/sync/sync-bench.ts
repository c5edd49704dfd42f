/**
 * Measures the edge's sync against a cloud with embedded storage. The edge runs in this process
 * and the cloud in a child process, as they run on different machines in a deployment:
 * 1. initial sync: N generated contacts in `records`, from enrolment of a started edge until
 *    the cloud has all N projected documents (projection and replication together); the
 *    edge's start (loading its record index) is timed apart;
 * 2. baseline: raw PouchDB replication of the same projected documents, from a plain LevelDB
 *    database to a second site through the same gateway, batch size 500;
 * 3. single-edit latency with live sync, edge to cloud and cloud to edge, median of EDITS edits.
 *
 * Usage: tsx bench/sync/sync-bench.ts [N=100000] [EDITS=20]
 */
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import Papa from 'papaparse'
import { newId, toAllowedFieldSet, validateRecord, type RecordDoc } from '@enclave/shared'
import { openDatabase, PouchDB } from '@enclave/shared/node/pouch'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { signSiteToken } from '@enclave/edge-agent/sync/site-token'
import { generateContacts } from '../data/generate-contacts'
import type { CloudRequest } from './cloud-process'

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

/** The cloud child process: its URL and a call per IPC request. */
interface CloudProcess {
  pid: number
  url: string
  call<T>(request: CloudRequest): Promise<T>
  close(): Promise<void>
}

function startCloudProcess(dataDir: string): Promise<CloudProcess> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'cloud-process.ts'), [dataDir], { execArgv: ['--import', 'tsx'] })
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 0
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the cloud process exited with ${code} before it was ready`)))
    child.on('message', (message: { ready?: boolean; url?: string; id?: number; result?: unknown; error?: string }) => {
      if (message.ready) {
        resolve({
          pid: child.pid!,
          url: message.url!,
          call: (request) =>
            new Promise((resolveCall, rejectCall) => {
              const id = nextId++
              pending.set(id, { resolve: resolveCall as (value: unknown) => void, reject: rejectCall })
              child.send({ id, ...request })
            }),
          close: async () => {
            const exited = new Promise((resolveExit) => child.once('exit', resolveExit))
            child.send({ id: nextId++, op: 'close' })
            await exited
          },
        })
        return
      }
      const call = pending.get(message.id!)
      pending.delete(message.id!)
      if (message.error) call?.reject(new Error(message.error))
      else call?.resolve(message.result)
    })
  })
}

async function waitUntil(check: () => Promise<boolean>, pollMs = 10): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, pollMs))
}

async function measureInitialSync(cloud: CloudProcess, dataDir: string, expected: number): Promise<{ edge: TestEdge; ms: number; startMs: number }> {
  const code = await cloud.call<string>({ op: 'createSite', siteId: 'bench-site' })
  const startBegan = performance.now()
  const edge = await startTestEdge({ siteId: 'bench-site', cloudUrl: cloud.url, dataDir })
  const startMs = performance.now() - startBegan
  const began = performance.now()
  const enrolled = await edge.api.post('/api/sync/enrol', { enrolmentCode: code })
  if (enrolled.status !== 200) throw new Error(`enrolment failed: ${JSON.stringify(enrolled.body)}`)
  let projectedMs = 0
  await waitUntil(async () => {
    if (!projectedMs && (await edge.context.databases.outbox.info()).doc_count >= expected) projectedMs = performance.now() - began
    return (await cloud.call<number>({ op: 'count', siteId: 'bench-site' })) >= expected
  }, 200)
  const inCloudMs = performance.now() - began
  // The documents are in the cloud, but the sync is complete only when replication has caught up too.
  await waitUntil(async () => {
    const status = await edge.api.get('/api/sync/status')
    return status.body.state === 'connected' && status.body.pendingPush === 0 && status.body.pendingPull === 0
  }, 50)
  console.log(`  outbox complete ${seconds(projectedMs)}, every document in the cloud ${seconds(inCloudMs)} after enrolment`)
  return { edge, ms: performance.now() - began, startMs }
}

/**
 * Replicates the edge's projected documents, copied into a plain database, to another site:
 * one way (`push`), or both ways (`sync`) as the edge's live replication does, where the pull
 * reads back the changes the push just wrote.
 */
async function measureRawReplication(cloud: CloudProcess, edge: TestEdge, workDir: string, expected: number, mode: 'push' | 'sync'): Promise<number> {
  const siteId = `bench-raw-${mode}`
  const code = await cloud.call<string>({ op: 'createSite', siteId })
  const enrolled = await fetch(`${cloud.url}/api/sites/${siteId}/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, publicJwk: edge.context.secrets.siteSigningPublicJwk, kid: edge.context.secrets.siteKeyId }),
  })
  if (!enrolled.ok) throw new Error(`enrolling ${siteId} failed: ${await enrolled.text()}`)
  await cloud.call({ op: 'publishPolicy', siteId, allowed: toAllowedFieldSet(edge.context.policies.get()) })

  const source = openDatabase(workDir, `raw-source-${mode}`)
  for (let skip = 0; ; skip += WRITE_CHUNK) {
    const page = await edge.context.databases.outbox.allDocs({ include_docs: true, limit: WRITE_CHUNK, skip })
    if (page.rows.length === 0) break
    await source.bulkDocs(page.rows.map((row) => {
      const { _rev, ...doc } = row.doc as unknown as Record<string, unknown>
      return doc
    }) as never)
  }

  const remote = new PouchDB(`${cloud.url}/sync/${siteId}`, {
    skip_setup: true,
    fetch: async (url: string | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers)
      headers.set('authorization', `Bearer ${await signSiteToken(siteId, edge.context.secrets)}`)
      return fetch(url, { ...init, headers })
    },
  } as PouchDB.Configuration.RemoteDatabaseConfiguration)
  const began = performance.now()
  if (mode === 'push') await source.replicate.to(remote, { batch_size: BATCH_SIZE, batches_limit: 4 })
  else await source.sync(remote, { batch_size: BATCH_SIZE, batches_limit: 4 })
  const ms = performance.now() - began
  if ((await cloud.call<number>({ op: 'count', siteId })) < expected) throw new Error('raw replication did not copy every document')
  await source.close()
  return ms
}

async function measureEditLatency(cloud: CloudProcess, edge: TestEdge): Promise<{ toCloud: number[]; toEdge: number[] }> {
  const page = await edge.api.get('/api/contacts?limit=50')
  const ids = (page.body.items as { _id: string }[]).map((item) => item._id)
  const toCloud: number[] = []
  const toEdge: number[] = []
  const stages = ['lead', 'customer']

  for (let index = 0; index < EDITS; index++) {
    const id = ids[index % ids.length]!
    const title = `Latency probe ${index}`
    const began = performance.now()
    await edge.api.patch(`/api/contacts/${id}`, { jobTitle: title })
    await waitUntil(async () => (await cloud.call({ op: 'field', siteId: 'bench-site', docId: id, field: 'jobTitle' })) === title)
    toCloud.push(performance.now() - began)

    const stage = stages[index % 2]!
    const current = edge.context.store.index.get('contact', id)
    const target = current?.lifecycleStage === stage ? stages[(index + 1) % 2]! : stage
    const cloudBegan = performance.now()
    await cloud.call({ op: 'patch', siteId: 'bench-site', docId: id, body: { lifecycleStage: target } })
    await waitUntil(async () => edge.context.store.index.get('contact', id)?.lifecycleStage === target)
    toEdge.push(performance.now() - cloudBegan)
  }
  return { toCloud, toEdge }
}

/** Reads the CPU time (user and system) of a process in ms from /proc, which exists on Linux only. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const ticksPerSecond = 100
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}

/** Starts counting the CPU time of this process (the edge) and of the cloud process. */
function cpuMeter(cloud: CloudProcess): () => string {
  const edge = cpuMs(process.pid)
  const cloudCpu = cpuMs(cloud.pid)
  return () => `edge CPU ${seconds(cpuMs(process.pid) - edge)}, cloud CPU ${seconds(cpuMs(cloud.pid) - cloudCpu)}`
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn'
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-sync-bench-'))
  const csvFile = path.join(workDir, 'contacts.csv')
  const dataDir = path.join(workDir, 'edge')
  await generateContacts(COUNT, csvFile)
  const written = await writeRecords(dataDir, csvFile)
  console.log(`${written} of ${COUNT} generated contacts are valid records`)

  const cloud = await startCloudProcess(path.join(workDir, 'cloud'))
  try {
    let cpu = cpuMeter(cloud)
    const initial = await measureInitialSync(cloud, dataDir, written)
    console.log(`  ${cpu()} (with the edge start)`)
    console.log(`edge start (loading the record index): ${seconds(initial.startMs)}`)
    console.log(`initial sync from enrolment (projection, replication): ${seconds(initial.ms)}`)
    console.log(`  ${Math.round(written / (initial.ms / 1000))} documents/s`)

    cpu = cpuMeter(cloud)
    const raw = await measureRawReplication(cloud, initial.edge, workDir, written, 'push')
    console.log(`  ${cpu()} (with copying the documents into the source database)`)
    console.log(`raw PouchDB replication of the same ${written} documents, one way: ${seconds(raw)}`)
    const rawSync = await measureRawReplication(cloud, initial.edge, workDir, written, 'sync')
    console.log(`raw PouchDB sync of the same ${written} documents, both ways: ${seconds(rawSync)}`)
    console.log(`ratio projection+sync / raw one-way replication: ${(initial.ms / raw).toFixed(2)} (${((initial.ms + initial.startMs) / raw).toFixed(2)} with edge start)`)
    console.log(`ratio projection+sync / raw two-way sync: ${(initial.ms / rawSync).toFixed(2)} (${((initial.ms + initial.startMs) / rawSync).toFixed(2)} with edge start)`)

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
