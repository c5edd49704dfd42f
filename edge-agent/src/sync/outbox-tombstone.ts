/** Marker on outbox tombstones the edge writes, so a deletion by the cloud can be told apart. */
export const EDGE_DELETION_MARK = 'edge'

/** A deleted outbox document as the edge writes it: the record is gone or no longer leaves. */
export interface OutboxTombstone {
  _id: string
  _rev?: string
  _deleted: true
  deletedBy: typeof EDGE_DELETION_MARK
}

export function edgeTombstone(id: string, rev: string | undefined): OutboxTombstone {
  return { _id: id, _rev: rev, _deleted: true, deletedBy: EDGE_DELETION_MARK }
}

/** Tells whether a tombstone body was written by the edge rather than arriving from the cloud. */
export function isEdgeTombstone(doc: Record<string, unknown> | undefined): boolean {
  return doc?.deletedBy === EDGE_DELETION_MARK
}
