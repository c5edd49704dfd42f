import type { DocumentDatabase, StoredDocument, UpdateSequence } from '../storage/types'

/** Changes read per request while catching up. */
const CHANGES_PAGE_SIZE = 2000

interface SiteDocuments {
  byId: Map<string, StoredDocument>
  since: UpdateSequence
  /** The catch-up in progress, so concurrent readers share one pass over the changes feed. */
  refreshing?: Promise<void>
}

function compareIds(a: StoredDocument, b: StoredDocument): number {
  if (a._id === b._id) return 0
  return a._id < b._id ? -1 : 1
}

/**
 * Keeps the current (winning) revision of every document of each site in memory, brought up
 * to date from the site database's changes feed before each read. A list request then costs
 * one changes request for what changed since the last one, not a read of every document.
 */
export class SiteDocumentCache {
  private readonly sites = new Map<string, SiteDocuments>()

  /** Returns the site's live documents of `type`, in id order. */
  async documentsOfType(siteId: string, db: DocumentDatabase, type: string): Promise<StoredDocument[]> {
    const site = await this.refresh(siteId, db)
    const prefix = `${type}:`
    const docs: StoredDocument[] = []
    for (const [id, doc] of site.byId) {
      if (id.startsWith(prefix) && doc.type === type) docs.push(doc)
    }
    return docs.sort(compareIds)
  }

  /** Drops a site's documents, for example after its database was deleted. */
  forget(siteId: string): void {
    this.sites.delete(siteId)
  }

  private async refresh(siteId: string, db: DocumentDatabase): Promise<SiteDocuments> {
    let site = this.sites.get(siteId)
    if (!site) {
      site = { byId: new Map(), since: 0 }
      this.sites.set(siteId, site)
    }

    while (site.refreshing) await site.refreshing
    site.refreshing = this.catchUp(site, db).finally(() => {
      site.refreshing = undefined
    })
    await site.refreshing
    return site
  }

  private async catchUp(site: SiteDocuments, db: DocumentDatabase): Promise<void> {
    for (;;) {
      const page = await db.changes({ since: site.since, limit: CHANGES_PAGE_SIZE, includeDocs: true })
      for (const row of page.results) {
        if (row.deleted || !row.doc || row.id.startsWith('_')) site.byId.delete(row.id)
        else site.byId.set(row.id, row.doc)
      }
      site.since = page.last_seq
      if (page.results.length < CHANGES_PAGE_SIZE) return
    }
  }
}
