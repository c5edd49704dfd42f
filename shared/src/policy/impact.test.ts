import { describe, expect, it } from 'vitest'
import type { RecordDoc } from '../projection/project'
import { DEFAULT_POLICY } from './default-policy'
import { previewImpact } from './impact'
import type { ResidencyPolicy } from './types'

const KEY = new Uint8Array(32).fill(3)

const RECORDS: RecordDoc[] = [
  { _id: 'contact:01J0000000000000000000000A', type: 'contact', firstName: 'Aiko', jobTitle: 'Nurse', country: 'JP' },
  { _id: 'contact:01J0000000000000000000000B', type: 'contact', firstName: 'Bruno', country: 'BR' },
  { _id: 'ticket:01J0000000000000000000000C', type: 'ticket', subject: 'Refund', status: 'open' },
]

function withJobTitleLocal(): ResidencyPolicy {
  const contact = DEFAULT_POLICY.entities.contact!
  return {
    version: 2,
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, jobTitle: { mode: 'local' } } } },
  }
}

describe('previewImpact', () => {
  it('counts only documents that change', () => {
    const preview = previewImpact(RECORDS, DEFAULT_POLICY, withJobTitleLocal(), KEY)

    expect(preview.documentsScanned).toBe(3)
    expect(preview.documentsChanged).toBe(1)
    expect(preview.byType.contact).toEqual({ scanned: 2, changed: 1 })
  })

  it('shows before and after', () => {
    const [example] = previewImpact(RECORDS, DEFAULT_POLICY, withJobTitleLocal(), KEY).examples

    expect(example?.id).toBe('contact:01J0000000000000000000000A')
    expect(example?.before?.jobTitle).toBe('Nurse')
    expect(example?.after).not.toHaveProperty('jobTitle')
  })

  it('counts documents a local-only type removes', () => {
    const draft: ResidencyPolicy = { ...DEFAULT_POLICY, entities: { ...DEFAULT_POLICY.entities, ticket: { localOnly: true, fields: {} } } }
    const preview = previewImpact(RECORDS, DEFAULT_POLICY, draft, KEY)

    expect(preview.documentsRemoved).toBe(1)
    expect(preview.examples[0]?.after).toBeNull()
  })

  it('limits the examples', () => {
    const draft: ResidencyPolicy = { version: 2, entities: {} }

    expect(previewImpact(RECORDS, DEFAULT_POLICY, draft, KEY, undefined, 2).examples).toHaveLength(2)
  })
})
