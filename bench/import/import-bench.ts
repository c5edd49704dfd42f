/**
 * Import benchmark: imports N generated contacts end to end (parse, map, clean, dedupe, store,
 * index) through the same batch runner as the API and samples peak RSS every 50 ms. It also
 * times bare PouchDB `bulkDocs` calls for the same documents, the floor any import pays.
 *
 * Usage: tsx bench/import/import-bench.ts [ROWS] [RUNS]   (defaults: 100000 rows, 3 runs)
 * `EDGE_HEAP_GROWTH_PERCENT` sets the heap growth as it does for the edge.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { createClock, type RecordDoc } from '@enclave/shared'
import { openDatabase } from '@enclave/shared/node/pouch'
import { AuditLog } from '@enclave/edge-agent/audit/audit-log'
import { ImportService } from '@enclave/edge-agent/import/import-service'
import { RecordStore } from '@enclave/edge-agent/records/record-store'
import { createLogger } from '@enclave/edge-agent/log'
import { limitHeapGrowth, parseHeapGrowthPercent } from '@enclave/edge-agent/heap'
import { closeEdgeDatabases, openEdgeDatabases } from '@enclave/edge-agent/storage/pouch'
import { generateContacts } from '../data/generate-contacts'

const BULK_CHUNK = 1000

interface RunFigures {
  seconds: number
  peakRssMb: number
  rows: number
  created: number
  failed: number
  companies: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  return {
    stop() {
      clearInterval(timer)
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 ** 2)
    },
  }
}

async function importOnce(file: string, dataDir: string): Promise<RunFigures> {
  const databases = openEdgeDatabases(dataDir)
  const store = new RecordStore(databases.records, createClock('bench'))
  await store.open()
  const audit = new AuditLog(databases.audit, databases.meta)
  await audit.open()
  const service = new ImportService({ config: { dataDir } as never, databases, store, logger: createLogger('bench', 'warn'), audit })

  const rss = sampleRss()
  const started = performance.now()
  const upload = await service.upload(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, { plural: 'contacts', fileName: 'bench.csv', actor: 'bench' })
  const preview = await service.preview(upload.batchId, {})
  const columns = preview.columns.map((column) => ({ column: column.column, field: column.field, dateFormat: column.dateFormat }))
  await service.start(upload.batchId, { columns, settings: { defaultCountry: 'US', createMissingCompanies: true } }, { actor: 'bench' })
  const report = setInterval(() => {
    const progress = service.view({ batchId: upload.batchId } as never).progress
    const rssMb = Math.round(process.memoryUsage().rss / 1024 ** 2)
    if (progress) console.log(`  ${Math.round((performance.now() - started) / 1000)} s: ${progress.rowsDone} rows, ${progress.rowsPerSecond} rows/s, RSS ${rssMb} MB`)
  }, 15_000)
  const batch = await service.settle(upload.batchId).finally(() => clearInterval(report))
  const seconds = (performance.now() - started) / 1000
  const peakRssMb = rss.stop()

  if (batch.status !== 'done') throw new Error(`the batch ended ${batch.status}: ${batch.error?.message}`)
  await store.close()
  await closeEdgeDatabases(databases)
  return { seconds, peakRssMb, rows: batch.rowsDone, created: batch.counts.created, failed: batch.counts.failed, companies: batch.counts.companiesCreated }
}

/** Writes the documents the import stored into a fresh database with bare `bulkDocs` calls. */
async function bulkDocsFloor(sourceDir: string, targetDir: string): Promise<number> {
  const source = openDatabase(sourceDir, 'records')
  const docs: RecordDoc[] = []
  const all = await source.allDocs({ include_docs: true })
  for (const row of all.rows) {
    const { _rev, ...doc } = row.doc as unknown as RecordDoc
    docs.push(doc as RecordDoc)
  }
  await source.close()

  const target = openDatabase(targetDir, 'records')
  const started = performance.now()
  for (let start = 0; start < docs.length; start += BULK_CHUNK) await target.bulkDocs(docs.slice(start, start + BULK_CHUNK))
  const seconds = (performance.now() - started) / 1000
  await target.close()
  return seconds
}

async function main(): Promise<void> {
  // The same heap growth as the edge service and its import command.
  limitHeapGrowth(parseHeapGrowthPercent(process.env.EDGE_HEAP_GROWTH_PERCENT))
  const rows = Number(process.argv[2] ?? 100_000)
  const runs = Number(process.argv[3] ?? 3)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-import-bench-'))
  try {
    const file = path.join(work, 'contacts.csv')
    await generateContacts(rows, file)
    console.log(`generated ${rows} contacts: ${(fs.statSync(file).size / 1024 ** 2).toFixed(1)} MB`)

    const figures: RunFigures[] = []
    const floors: number[] = []
    for (let run = 1; run <= runs; run++) {
      const dataDir = path.join(work, `edge-${run}`)
      const result = await importOnce(file, dataDir)
      const floor = await bulkDocsFloor(dataDir, path.join(work, `floor-${run}`))
      figures.push(result)
      floors.push(floor)
      console.log(`run ${run}: ${result.seconds.toFixed(1)} s, ${Math.round(result.rows / result.seconds)} rows/s, peak RSS ${result.peakRssMb} MB, created ${result.created} contacts and ${result.companies} companies, rejected ${result.failed}; bulkDocs floor ${floor.toFixed(1)} s`)
      fs.rmSync(dataDir, { recursive: true, force: true })
      fs.rmSync(path.join(work, `floor-${run}`), { recursive: true, force: true })
    }

    const seconds = median(figures.map((figure) => figure.seconds))
    console.log(`median of ${runs}: import ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s), peak RSS ${median(figures.map((figure) => figure.peakRssMb))} MB, bulkDocs floor ${median(floors).toFixed(1)} s`)
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

await main()
