/**
 * Measures report latency at the edge over HTTP on a realistic volume. The edge holds the
 * sample pipeline (8,800 deals and their companies), its 10,000 customers and CONTACTS
 * generated contacts, written with the bulk write the importer uses. A segment count and a
 * page of segment members over all contacts are measured too. Each figure is the median of
 * RUNS requests after one warm-up request.
 *
 * Usage: tsx bench/reports/report-latency.ts [CONTACTS=100000] [RUNS=7]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { LIFECYCLE_STAGES, REPORT_IDS, type RecordDoc } from '@enclave/shared'
import { loadSampleData } from '@enclave/edge-agent/demo/sample-data'
import { startTestEdge } from '@enclave/edge-agent/testing/test-edge'
import { generateContacts } from '../data/generate-contacts'

const CONTACTS = Number(process.argv[2] ?? 100_000)
const RUNS = Number(process.argv[3] ?? 7)
const WRITE_BATCH = 5000

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SAMPLE_DIR = path.resolve(REPO_ROOT, '../shared/data')

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

async function timeRequest(call: () => Promise<{ status: number }>): Promise<number> {
  await call()
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now()
    const response = await call()
    times.push(performance.now() - start)
    if (response.status !== 200) throw new Error(`request failed with status ${response.status}`)
  }
  return median(times)
}

async function main(): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-reports-'))
  const csv = path.join(folder, 'contacts.csv')
  await generateContacts(CONTACTS, csv)
  const rows = Papa.parse<Record<string, string>>(fs.readFileSync(csv, 'utf8'), { header: true, skipEmptyLines: true }).data

  const edge = await startTestEdge({ dataDir: path.join(folder, 'edge') })
  const { store } = edge.context
  await loadSampleData(store, SAMPLE_DIR)
  const sampleContacts = store.index.count('contact')

  const loadStart = performance.now()
  for (let start = 0; start < rows.length; start += WRITE_BATCH) {
    const docs: RecordDoc[] = rows.slice(start, start + WRITE_BATCH).map((row, offset) =>
      store.buildNew('contact', {
        firstName: row['First Name'],
        lastName: row['Last Name'],
        country: row.Country,
        city: row.City,
        lifecycleStage: LIFECYCLE_STAGES[(start + offset) % LIFECYCLE_STAGES.length],
      }),
    )
    await store.createMany('contact', docs)
  }
  const loadSeconds = (performance.now() - loadStart) / 1000

  console.log(`contacts: ${store.index.count('contact')} (${sampleContacts} from the sample), deals: ${store.index.count('deal')}`)
  console.log(`writing ${rows.length} generated contacts took ${loadSeconds.toFixed(1)} s`)
  console.log(`median of ${RUNS} requests, in ms:`)

  for (const id of REPORT_IDS) {
    const plain = await timeRequest(() => edge.api.get(`/api/reports/${id}`))
    const filtered = await timeRequest(() => edge.api.get(`/api/reports/${id}?from=2017-01-01&to=2017-06-30&owner=Darcel Schlecht`))
    console.log(`  report ${id}: ${plain.toFixed(1)} unfiltered, ${filtered.toFixed(1)} filtered`)
  }

  const segment = await edge.api.post('/api/segments', {
    name: 'Bench',
    entityType: 'contact',
    match: 'any',
    conditions: [
      { field: 'country', op: 'in', value: 'Norway,Sweden,Finland' },
      { field: 'lifecycleStage', op: 'eq', value: 'customer' },
    ],
  })
  const count = await timeRequest(() => edge.api.get(`/api/segments/${segment.body._id}/count`))
  const members = await timeRequest(() => edge.api.get(`/api/segments/${segment.body._id}/members?sort=lastName&limit=50`))
  console.log(`  segment count: ${count.toFixed(1)}, members page sorted by last name: ${members.toFixed(1)}`)

  await edge.destroy()
  fs.rmSync(folder, { recursive: true, force: true })
}

await main()
