import type { Database } from '../pouch'
import type { RevocationStore } from './session-tokens'

const PREFIX = 'session-revoked:'

/** Keeps the session deny list in a PouchDB database, one small document per revoked id. */
export function pouchRevocationStore(db: Database): RevocationStore {
  return {
    async load() {
      const result = await db.allDocs({ startkey: PREFIX, endkey: `${PREFIX}\uffff`, include_docs: true })
      return result.rows.map((row) => ({ id: row.id.slice(PREFIX.length), until: Number((row.doc as { until?: number }).until) }))
    },
    async save(id, until) {
      await db.put({ _id: `${PREFIX}${id}`, until } as never).catch((error: { status?: number }) => {
        if (error.status !== 409) throw error
      })
    },
    async remove(id) {
      const doc = await db.get(`${PREFIX}${id}`).catch(() => undefined)
      if (doc) await db.remove(doc)
    },
  }
}
