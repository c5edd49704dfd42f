import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import cliProgress from 'cli-progress'
import { ApiError, createClock } from '@enclave/shared'
import type { RowProblem } from '@enclave/shared/import/index'
import { AuditLog } from '../audit/audit-log'
import { ImportService, type BatchView } from '../import/import-service'
import { createLogger } from '../log'
import { RecordStore } from '../records/record-store'
import { closeEdgeDatabases, openEdgeDatabases } from '../storage/pouch'
import { IMPORT_USAGE, parseImportArgs, UsageError, type ImportCliOptions } from './import-options'

type Output = (text: string) => void

/** Opens the data folder without a server, and fails with a clear message while an edge has it open. */
async function openDataFolder(dataDir: string) {
  const databases = openEdgeDatabases(dataDir)
  try {
    await Promise.all(Object.values(databases).map((db) => db.info()))
  } catch (error) {
    await closeEdgeDatabases(databases).catch(() => undefined)
    throw new UsageError(`cannot open the data folder ${dataDir} (${(error as Error).message}); stop the running edge or import through the web UI`)
  }
  const store = new RecordStore(databases.records, createClock('import'))
  await store.open()
  return { databases, store }
}

function planBody(options: ImportCliOptions, columns: { column: number; header: string; field: string | null; dateFormat?: string }[]) {
  return {
    columns: columns.map((column) => ({ column: column.column, field: column.field, dateFormat: options.dateFormats.get(column.header) ?? column.dateFormat })),
    settings: {
      defaultCountry: options.country,
      onDuplicate: options.onDuplicate,
      dedupeKeys: options.dedupeKeys.length > 0 ? options.dedupeKeys : undefined,
      createMissingCompanies: options.createCompanies,
      decimalSeparator: options.decimalComma ? ',' : '.',
    },
  }
}

function printProblems(output: Output, problems: readonly RowProblem[], truncated: boolean): void {
  for (const problem of problems.slice(0, 10)) output(`  ${problem.message}\n`)
  if (problems.length > 10 || truncated) output('  ... more in the rejected-rows report\n')
}

async function followProgress(service: ImportService, batchId: string, output: Output): Promise<BatchView> {
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {percentage}% | {rows} rows | {rate} rows/s | {errors} errors',
      hideCursor: true,
      stream: process.stderr,
      // Without a terminal (a log file, CI), print a line every 2 s instead of redrawing.
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(100, 0, { rows: 0, rate: 0, errors: 0 })
  const timer = setInterval(() => {
    service.get(batchId).then((batch) => {
      const progress = service.view(batch).progress
      if (!progress) return
      bar.update(Math.round((progress.fraction ?? 0) * 100), { rows: progress.rowsDone, rate: progress.rowsPerSecond, errors: progress.counts.failed })
    }, () => undefined)
  }, 250)
  try {
    const batch = await service.settle(batchId)
    bar.update(100, { rows: batch.rowsDone, errors: batch.counts.failed })
    return service.view(batch)
  } finally {
    clearInterval(timer)
    bar.stop()
    output('')
  }
}

/**
 * Runs `edge-agent import FILE --type T ...` and returns the exit code: 0 when every row was
 * imported or skipped, 1 when rows were rejected or the import failed, 2 for usage errors.
 */
export async function runImportCli(args: string[], output: Output = (text) => process.stdout.write(text)): Promise<number> {
  let options: ImportCliOptions
  try {
    options = parseImportArgs(args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    output(`${error.message}\n\n${IMPORT_USAGE}\n`)
    return 2
  }

  const dataDir = path.resolve(options.dataDir ?? process.env.EDGE_DATA_DIR ?? '.data/edge')
  let opened
  try {
    await fs.access(options.file)
    opened = await openDataFolder(dataDir)
  } catch (error) {
    output(`${(error as Error).message.replace(/^ENOENT: /, 'file not found: ')}\n`)
    return 2
  }

  const { databases, store } = opened
  // The progress bar and summary speak to the user; the log keeps only warnings and errors.
  process.env.LOG_LEVEL ??= 'warn'
  const logger = createLogger('import').child({ dataDir })
  const audit = new AuditLog(databases.audit, databases.meta)
  const service = new ImportService({ config: { dataDir } as never, databases, store, logger, audit })
  try {
    await audit.open()
    return await importWith(service, options, output)
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    output(`import failed: ${error.message}\n`)
    return 1
  } finally {
    await service.stop()
    await audit.flush().catch(() => undefined)
    await store.close()
    await closeEdgeDatabases(databases)
  }
}

async function importWith(service: ImportService, options: ImportCliOptions, output: Output): Promise<number> {
  const body = Readable.toWeb(createReadStream(options.file)) as ReadableStream<Uint8Array>
  const uploaded = await service.upload(body, { plural: options.plural, fileName: path.basename(options.file), actor: 'cli' })
  const preview = await service.preview(uploaded.batchId, { sheet: options.sheet, headerRow: options.headerRow, encoding: options.encoding })
  for (const column of preview.columns) output(`  ${column.header.padEnd(28)} -> ${column.field ?? '(left out)'}\n`)
  const ambiguous = preview.columns.filter((column) => column.dateDetection?.ambiguous && !options.dateFormats.has(column.header))
  if (ambiguous.length > 0) {
    for (const column of ambiguous) {
      output(`column '${column.header}' reads as ${column.dateDetection!.candidates.join(' or ')}; choose with --date-format "${column.header}=${column.dateDetection!.candidates[0]}"\n`)
    }
    return 2
  }

  const plan = planBody(options, preview.columns)
  if (options.dryRun) {
    const result = await service.dryRun(uploaded.batchId, plan, { actor: 'cli' })
    output(`dry run: ${result.rowsDone} rows, ${JSON.stringify(result.counts)}\n`)
    printProblems(output, result.problems, result.problemsTruncated)
    return result.counts.failed > 0 ? 1 : 0
  }

  await service.start(uploaded.batchId, plan, { actor: 'cli' })
  const batch = await followProgress(service, uploaded.batchId, output)
  output(`batch ${batch.batchId} ${batch.status}: ${batch.rowsDone} rows, ${JSON.stringify(batch.counts)}\n`)
  if (batch.error) output(`error: ${batch.error.message}\n`)
  if (batch.counts.failed > 0) {
    const report = `${options.file}.rejected.csv`
    await fs.writeFile(report, await service.rejectedCsv(batch.batchId, { actor: 'cli' }))
    output(`rejected rows with reasons: ${report}\n`)
  }
  return batch.status === 'done' && batch.counts.failed === 0 ? 0 : 1
}


