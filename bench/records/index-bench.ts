/**
 * Record index benchmark. It writes N contacts built from the generated sample file into an
 * index file, 2,000 writes per turn of the event loop as an import does. Then it times list
 * queries: sorted pages, a filter, searches by word, prefix, typo and phone, and a read of
 * every record.
 *
 * Usage: tsx bench/records/index-bench.ts [N]   (default 100000)
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Papa from 'papaparse'
import type { RecordDoc } from '@enclave/shared'
import { parseListQuery } from '@enclave/edge-agent/records/query'
import { RecordIndex } from '@enclave/edge-agent/records/record-index'
import { generateContacts } from '../data/generate-contacts'

const WRITES_PER_TURN = 2000
const QUERY_RUNS = 5
const QUERIES = ['', 'sort=lastName', 'sort=-lastName&offset=5000', 'filter.country=Norway&sort=city', 'filter.city.contains=port', 'q=john', 'q=jo', 'q=jonathon', 'q=smith&sort=lastName', 'q=(209) 172']

function contactOf(row: string[], position: number): RecordDoc {
  const [externalId, firstName, lastName, , city, country, phone, phone2, email] = row
  const time = '2024-01-01T00:00:00.000Z'
  return {
    _id: `contact:${String(position).padStart(10, '0')}`,
    _rev: '1-a',
    type: 'contact',
    createdAt: time,
    updatedAt: time,
    externalId,
    firstName,
    lastName,
    city,
    country,
    phone: `+1${phone!.replace(/\D/g, '')}`,
    phone2: `+1${phone2!.replace(/\D/g, '')}`,
    email,
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-index-bench-'))
  try {
    const file = path.join(dir, 'contacts.csv')
    await generateContacts(count, file)
    const rows = Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: true }).data.slice(1)
    const index = new RecordIndex(path.join(dir, 'records.index.sqlite'))

    const started = performance.now()
    for (let start = 0; start < rows.length; start += WRITES_PER_TURN) {
      rows.slice(start, start + WRITES_PER_TURN).forEach((row, offset) => index.upsert(contactOf(row, start + offset)))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await new Promise((resolve) => setImmediate(resolve))
    console.log(`${rows.length} writes: ${((performance.now() - started) / 1000).toFixed(2)} s, RSS ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MB`)

    for (const params of QUERIES) {
      const times: number[] = []
      let total = 0
      // The first run of a sort makes its index; the median leaves it out.
      for (let run = 0; run < QUERY_RUNS; run++) {
        const begun = performance.now()
        total = index.query('contact', parseListQuery('contact', new URLSearchParams(params))).total
        times.push(performance.now() - begun)
      }
      times.sort((a, b) => a - b)
      console.log(`${params || '(default order)'}: median ${times[Math.floor(QUERY_RUNS / 2)]!.toFixed(1)} ms, slowest ${times[QUERY_RUNS - 1]!.toFixed(0)} ms, ${total} matching`)
    }
    const begun = performance.now()
    let read = 0
    for (const _ of index.all('contact')) read++
    console.log(`reading all ${read} records: ${(performance.now() - begun).toFixed(0)} ms`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
