import type { ReportFilters, ReportPoint } from './report-types'

type Doc = Readonly<Record<string, unknown>>

const DAY_MS = 24 * 60 * 60 * 1000
/** Label of a point for records that lack the grouped field. */
export const NONE_KEY = '(none)'

export function textOf(doc: Doc, field: string): string | undefined {
  const value = doc[field]
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function numberOf(doc: Doc, field: string): number {
  const value = doc[field]
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/** Returns the calendar day `YYYY-MM-DD` of a date or date-time field. */
export function dayOf(doc: Doc, field: string): string | undefined {
  return textOf(doc, field)?.slice(0, 10)
}

/** Tells whether a day lies in the filter's range; a record without the day passes only an open range. */
export function inRange(day: string | undefined, filters: ReportFilters): boolean {
  if (!filters.from && !filters.to) return true
  if (!day) return false
  return (!filters.from || day >= filters.from) && (!filters.to || day <= filters.to)
}

/** Tells whether a record belongs to the filter's owner: its owner id or, for deals, its agent. */
export function matchesOwner(doc: Doc, filters: ReportFilters): boolean {
  if (!filters.owner) return true
  const owner = filters.owner.toLowerCase()
  return textOf(doc, 'ownerId')?.toLowerCase() === owner || textOf(doc, 'agent')?.toLowerCase() === owner
}

/** Whole days from `start` to `end`, both ISO 8601; negative when `end` is earlier. */
export function daysBetween(start: string, end: string): number {
  return Math.floor((Date.parse(end) - Date.parse(start)) / DAY_MS)
}

/** Sums values by key, counting the records of each key too. */
export class Tally {
  readonly sums = new Map<string, number>()
  readonly counts = new Map<string, number>()

  add(key: string, value = 1): void {
    this.sums.set(key, (this.sums.get(key) ?? 0) + value)
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }

  /** Points in `order` first (zeros included), then the other keys by descending value. */
  points(source: 'sums' | 'counts', order: readonly string[] = []): ReportPoint[] {
    const values = source === 'sums' ? this.sums : this.counts
    const rest = [...values.keys()].filter((key) => !order.includes(key))
    rest.sort((a, b) => (values.get(b) ?? 0) - (values.get(a) ?? 0) || a.localeCompare(b))
    return [...order, ...rest].map((key) => ({ key, label: key, value: round(values.get(key) ?? 0) }))
  }

  /** Points sorted by key, as months `2024-01`, `2024-02` read best. */
  pointsByKey(source: 'sums' | 'counts'): ReportPoint[] {
    const values = source === 'sums' ? this.sums : this.counts
    return [...values.keys()].sort().map((key) => ({ key, label: key, value: round(values.get(key) ?? 0) }))
  }
}

/** Rounds money and averages to cents, so that float noise does not reach the UI. */
export function round(value: number): number {
  return Math.round(value * 100) / 100
}

/** Keeps the `limit` largest points and folds the rest into one point `Other`. */
export function topPoints(points: ReportPoint[], limit: number): ReportPoint[] {
  if (points.length <= limit) return points
  const sorted = [...points].sort((a, b) => b.value - a.value || a.key.localeCompare(b.key))
  const other = sorted.slice(limit).reduce((sum, point) => sum + point.value, 0)
  return [...sorted.slice(0, limit), { key: 'Other', label: 'Other', value: round(other) }]
}
