import type { EntityType } from '../entities/fields'
import { project, type ProjectedDoc, type ProjectionContext, type RecordDoc } from '../projection/project'
import type { ResidencyPolicy } from './types'

/** A record's cloud copy under the current and under the draft policy. */
export interface ImpactExample {
  id: string
  type: EntityType
  /** Null when the document does not leave the site under that policy. */
  before: ProjectedDoc | null
  after: ProjectedDoc | null
}

export interface ImpactPreview {
  documentsScanned: number
  /** Cloud documents whose content changes (rewritten, removed or added). */
  documentsChanged: number
  /** Cloud documents that the draft keeps on site, so the cloud deletes them. */
  documentsRemoved: number
  /** Records that leave the site for the first time under the draft. */
  documentsAdded: number
  byType: Partial<Record<EntityType, { scanned: number; changed: number }>>
  examples: ImpactExample[]
}

/** Before/after pairs an impact preview shows: enough to read, small enough to send. */
export const DEFAULT_IMPACT_EXAMPLES = 3

function sameCloudCopy(before: ProjectedDoc | null, after: ProjectedDoc | null): boolean {
  return JSON.stringify(before) === JSON.stringify(after)
}

/**
 * Projects every record under the current and the draft policy and counts the cloud documents
 * that would change, with a few before/after examples. It runs at the edge, because only the
 * edge stores the records and the pseudonym key.
 */
export function previewImpact(
  records: Iterable<RecordDoc>,
  current: ResidencyPolicy,
  draft: ResidencyPolicy,
  key: Uint8Array,
  contextFor: (record: RecordDoc, policy: ResidencyPolicy) => ProjectionContext = () => ({}),
  maxExamples = DEFAULT_IMPACT_EXAMPLES,
): ImpactPreview {
  const preview: ImpactPreview = {
    documentsScanned: 0,
    documentsChanged: 0,
    documentsRemoved: 0,
    documentsAdded: 0,
    byType: {},
    examples: [],
  }

  for (const record of records) {
    const type = record.type as EntityType
    const counts = (preview.byType[type] ??= { scanned: 0, changed: 0 })
    preview.documentsScanned++
    counts.scanned++

    const before = project(record, current, key, contextFor(record, current))
    const after = project(record, draft, key, contextFor(record, draft))
    if (sameCloudCopy(before, after)) continue

    preview.documentsChanged++
    counts.changed++
    if (before && !after) preview.documentsRemoved++
    if (!before && after) preview.documentsAdded++
    if (preview.examples.length < maxExamples) preview.examples.push({ id: record._id, type, before, after })
  }
  return preview
}
