import type { RecordDoc } from '../app/api-client'

/** Rows fetched per request; the edge caps a page at 500. */
export const PAGE_SIZE = 200

/**
 * Pages of a long list fetched on demand as rows scroll into view. Keeps every fetched page;
 * a new query gets a new cache.
 */
export class RowCache {
  private readonly pages = new Map<number, RecordDoc[]>()
  private readonly loading = new Set<number>()

  constructor(
    private readonly fetchPage: (offset: number, limit: number) => Promise<RecordDoc[]>,
    private readonly onLoaded: () => void,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Seeds the first page, which the list already fetched to learn the total. */
  seed(rows: RecordDoc[]): void {
    this.pages.set(0, rows)
  }

  /** Returns the row at `index`, or undefined while its page loads (this call starts the load). */
  row(index: number): RecordDoc | undefined {
    const page = Math.floor(index / PAGE_SIZE)
    const rows = this.pages.get(page)
    if (rows) return rows[index % PAGE_SIZE]
    this.load(page)
    return undefined
  }

  private load(page: number): void {
    if (this.loading.has(page)) return
    this.loading.add(page)
    this.fetchPage(page * PAGE_SIZE, PAGE_SIZE).then(
      (rows) => {
        this.pages.set(page, rows)
        this.loading.delete(page)
        this.onLoaded()
      },
      (error: Error) => {
        this.loading.delete(page)
        this.onError(error)
      },
    )
  }
}
