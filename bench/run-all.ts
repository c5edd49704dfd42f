/**
 * Runs every benchmark in turn with the arguments whose figures `docs/benchmarks.md` records,
 * each in a process of its own so that one's memory does not weigh on the next. All of them
 * take roughly half an hour on two cores (an estimate from their separate runs).
 *
 * Usage: tsx bench/run-all.ts [NAME ...]   (names as listed below; none runs them all)
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url))

const BENCHMARKS: Record<string, string[]> = {
  import: ['import/import-bench.ts', '100000', '3'],
  index: ['records/index-bench.ts', '100000'],
  sync: ['sync/sync-bench.ts', '100000', '20'],
  gateway: ['gateway/push.ts', '20000', '3'],
  web: ['web/web-bench.ts', '100000', '7'],
  reports: ['reports/report-latency.ts', '100000', '7'],
  residency: ['residency/preview-and-purge.ts', '100000', '10000', '3'],
  audit: ['audit/audit-bench.ts', '100000', '3'],
}

function main(): number {
  const requested = process.argv.slice(2)
  const unknown = requested.filter((name) => !(name in BENCHMARKS))
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.map((name) => `'${name}'`).join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`)
    return 2
  }

  const failed: string[] = []
  for (const name of requested.length > 0 ? requested : Object.keys(BENCHMARKS)) {
    const [file, ...args] = BENCHMARKS[name]!
    console.log(`\n== ${name}: tsx bench/${file} ${args.join(' ')}`)
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file!), ...args], { stdio: 'inherit' })
    if (result.status !== 0) failed.push(name)
  }
  if (failed.length > 0) console.error(`\nfailed: ${failed.join(', ')}`)
  return failed.length > 0 ? 1 : 0
}

process.exitCode = main()
