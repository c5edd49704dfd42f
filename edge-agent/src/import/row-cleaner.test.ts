import Papa from 'papaparse'
import { describe, expect, it, vi } from 'vitest'
import { parseImportPlan, suggestMapping } from '@enclave/shared/import/index'
import type { Logger } from '../log'
import { inlineCleaner, openRowCleaner, ThreadCleaner, type PlanInput, type RowToClean } from './row-cleaner'
import { sampleCustomersCsv } from './testing/import-client'

/** 2,000 sample customers with the mapping the import would suggest, phones read as US numbers. */
function sampleInput(): { input: PlanInput; rows: RowToClean[] } {
  const [headers = [], ...cells] = Papa.parse<string[]>(sampleCustomersCsv(2_000), { skipEmptyLines: true }).data
  const columns = suggestMapping('contact', headers, cells.slice(0, 50)).map(({ column, field }) => ({ column, field }))
  const plan = parseImportPlan('contact', headers, { columns, settings: { defaultCountry: 'US' } })
  return {
    input: { type: 'contact', columns: plan.columns, settings: plan.settings, customFields: [] },
    rows: cells.map((row, index): RowToClean => [index + 2, row]),
  }
}

function quietLogger(): Logger & { warn: ReturnType<typeof vi.fn> } {
  return { warn: vi.fn() } as never
}

describe('row cleaning on a worker thread', () => {
  it('gives the same values and problems as cleaning inline, chunk by chunk', async () => {
    const { input, rows } = sampleInput()
    const expected = await inlineCleaner(input).clean(rows)
    const logger = quietLogger()
    const cleaner = new ThreadCleaner(input, logger)
    try {
      const chunks = await Promise.all([cleaner.clean(rows.slice(0, 700)), cleaner.clean(rows.slice(700))])
      expect(chunks.flat()).toEqual(expected)
      expect(logger.warn).not.toHaveBeenCalled()
    } finally {
      await cleaner.close()
    }
    // The sample has both outcomes, so the comparison covers cleaned values and problems.
    expect(expected.some((row) => row.problems.length > 0)).toBe(true)
    expect(expected.filter((row) => typeof row.values.phone === 'string' && row.values.phone.startsWith('+1')).length).toBeGreaterThan(100)
  })

  it('cleans on the calling thread when the thread stops, losing no chunk', async () => {
    const { input, rows } = sampleInput()
    const logger = quietLogger()
    const stopping = new URL('data:text/javascript,process.exit(3)')
    const cleaner = new ThreadCleaner(input, logger, stopping)
    try {
      const cleaned = await Promise.all([cleaner.clean(rows.slice(0, 10)), cleaner.clean(rows.slice(10, 20))])
      expect(cleaned.flat()).toEqual(await inlineCleaner(input).clean(rows.slice(0, 20)))
      expect(await cleaner.clean(rows.slice(20, 30))).toHaveLength(10)
      expect(logger.warn).toHaveBeenCalledTimes(1)
      expect(String(logger.warn.mock.calls[0]![0].err)).toContain('exit code 3')
    } finally {
      await cleaner.close()
    }
  })

  it('opens no more threads than the limit', async () => {
    const { input, rows } = sampleInput()
    const first = openRowCleaner(input, quietLogger(), 1)
    const second = openRowCleaner(input, quietLogger(), 1)
    try {
      expect(first.on).toBe('thread')
      expect(second.on).toBe('inline')
      expect(await second.clean(rows.slice(0, 5))).toEqual(await first.clean(rows.slice(0, 5)))
    } finally {
      await second.close()
      await first.close()
      await first.close()
    }

    // The closed thread's place is free again, and only once.
    const third = openRowCleaner(input, quietLogger(), 1)
    const fourth = openRowCleaner(input, quietLogger(), 1)
    expect([third.on, fourth.on]).toEqual(['thread', 'inline'])
    await Promise.all([third.close(), fourth.close()])
  })
})
