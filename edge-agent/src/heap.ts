import v8 from 'node:v8'
import { ConfigError } from '@enclave/shared/config'

/**
 * Heap growth the edge allows after each full garbage collection, in percent of the live heap.
 * V8 (Node.js 20) otherwise lets the heap grow to up to four times the live data while a
 * process allocates fast, as an import does: an import of 100,000 contacts peaked at 630 MB of
 * RSS. At 60 % it peaks at about 410 MB. That is about as fast as at 100 % (470 MB) and about
 * 10 % faster than at 30 % (`bench/import/import-bench.ts` on 2 cores).
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 60
const MAX_HEAP_GROWTH_PERCENT = 300

/** Reads `EDGE_HEAP_GROWTH_PERCENT`; 0 leaves the growth to V8's own heuristics. */
export function parseHeapGrowthPercent(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_HEAP_GROWTH_PERCENT
  const percent = Number(raw)
  if (!Number.isInteger(percent) || percent < 0 || percent > MAX_HEAP_GROWTH_PERCENT) {
    throw new ConfigError('EDGE_HEAP_GROWTH_PERCENT', `is '${raw}'; set it to a whole number of percent from 0 to ${MAX_HEAP_GROWTH_PERCENT}, or 0 for V8's default`)
  }
  return percent
}

/** Sets the process's heap growth; V8 applies it from the next full garbage collection. */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`)
}
