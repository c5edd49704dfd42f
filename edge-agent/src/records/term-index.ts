/**
 * Prefix index for fields whose words occur in about one record each: email addresses, phone
 * digits and external ids. A full-text index keeps a tree node and two maps per distinct term,
 * which for such fields costs far more than the records themselves. This index keeps two
 * parallel arrays, terms and record ids, sorted by term, so a term costs two array slots and
 * its string.
 *
 * Writes append to an unsorted tail, and the next lookup sorts the tail and merges it in.
 * Entries of replaced or removed records are dropped on that merge, using the record's
 * current terms from `termsOf`.
 */
export class TermIndex {
  private terms: string[] = []
  private ids: string[] = []
  private pendingTerms: string[] = []
  private pendingIds: string[] = []
  /** Ids whose entries in the sorted arrays may be out of date. */
  private stale = new Set<string>()

  /** @param termsOf returns the terms a record has now, or undefined once it is gone */
  constructor(private readonly termsOf: (id: string) => readonly string[] | undefined) {}

  /** Adds a record's terms. Call `discard` first when the record replaces an older version. */
  add(id: string, terms: readonly string[]): void {
    for (const term of terms) {
      this.pendingTerms.push(term)
      this.pendingIds.push(id)
    }
  }

  /** Marks a record's entries for removal on the next merge. */
  discard(id: string): void {
    this.stale.add(id)
  }

  /** Sorts the entries written since the last lookup, which the next lookup would do first. */
  prepare(): void {
    this.merge()
  }

  /** Returns each record with a term that starts with `prefix`, and whether one equals it. */
  lookup(prefix: string): Map<string, boolean> {
    this.merge()
    const found = new Map<string, boolean>()
    for (let i = this.lowerBound(prefix); i < this.terms.length; i++) {
      const term = this.terms[i]!
      if (!term.startsWith(prefix)) break
      const id = this.ids[i]!
      found.set(id, found.get(id) === true || term === prefix)
    }
    return found
  }

  /** Number of entries, sorted or not, including those waiting to be dropped. */
  get size(): number {
    return this.terms.length + this.pendingTerms.length
  }

  private lowerBound(prefix: string): number {
    let low = 0
    let high = this.terms.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.terms[middle]! < prefix) low = middle + 1
      else high = middle
    }
    return low
  }

  /** Sorts the pending tail, drops stale entries and merges both runs into new arrays. */
  private merge(): void {
    if (this.pendingTerms.length === 0 && this.stale.size === 0) return

    const stale = this.stale
    const keep = (term: string, id: string): boolean => !stale.has(id) || (this.termsOf(id)?.includes(term) ?? false)
    // A stale id's current terms are in the tail already. Its sorted entries stay only for terms
    // the new version kept, and then the duplicate from the tail is dropped.
    const pendingOrder = Array.from(this.pendingTerms.keys()).sort((a, b) => compare(this.pendingTerms[a]!, this.pendingTerms[b]!))

    const terms: string[] = []
    const ids: string[] = []
    const seen = new Set<string>()
    const push = (term: string, id: string) => {
      if (stale.has(id)) {
        const key = `${id}\u0000${term}`
        if (seen.has(key) || !keep(term, id)) return
        seen.add(key)
      }
      terms.push(term)
      ids.push(id)
    }

    let i = 0
    let j = 0
    while (i < this.terms.length || j < pendingOrder.length) {
      const fromSorted = j >= pendingOrder.length || (i < this.terms.length && this.terms[i]! <= this.pendingTerms[pendingOrder[j]!]!)
      if (fromSorted) {
        push(this.terms[i]!, this.ids[i]!)
        i++
      } else {
        const at = pendingOrder[j]!
        push(this.pendingTerms[at]!, this.pendingIds[at]!)
        j++
      }
    }

    this.terms = terms
    this.ids = ids
    this.pendingTerms = []
    this.pendingIds = []
    this.stale = new Set()
  }
}

function compare(a: string, b: string): number {
  if (a < b) return -1
  if (a > b) return 1
  return 0
}
