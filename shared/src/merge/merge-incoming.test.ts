import { describe, expect, it } from 'vitest'
import type { ProjectedDoc, RecordDoc } from '../projection/project'
import { acceptCreated } from './accept-created'
import { mergeIncoming, type CloudWriteRules } from './merge-incoming'

const EDGE_OLD = '00000000a-0000-site-1'
const CLOUD_NEWER = '00000000b-0000-cloud'
const EDGE_NEWEST = '00000000c-0000-site-1'
const CLOUD_OLDER = '000000009-0000-cloud'

const rules: CloudWriteRules = { cloudWritable: new Set(['stage', 'amount', 'nextStep']) }

function deal(overrides: Partial<RecordDoc> = {}): RecordDoc {
  return {
    _id: 'deal:01HX0000000000000000000001',
    _rev: '1-a',
    type: 'deal',
    title: 'Renewal',
    stage: 'Prospecting',
    amount: 1000,
    notes: 'call back after lunch',
    stamps: { title: EDGE_OLD, stage: EDGE_OLD, amount: EDGE_OLD, notes: EDGE_OLD },
    ...overrides,
  }
}

function projectionOf(record: RecordDoc): ProjectedDoc {
  return {
    _id: record._id,
    type: 'deal',
    title: record.title,
    stage: record.stage,
    amount: record.amount,
    stamps: { title: record.stamps!.title!, stage: record.stamps!.stage!, amount: record.stamps!.amount! },
  }
}

describe('mergeIncoming', () => {
  it('applies a newer cloud-writable change', () => {
    const record = deal()
    const incoming = { ...projectionOf(record), stage: 'Won', stamps: { ...projectionOf(record).stamps, stage: CLOUD_NEWER } }

    const result = mergeIncoming(record, incoming, projectionOf(record), rules, 'site-1')

    expect(result.accepted).toEqual(['stage'])
    expect(result.record.stage).toBe('Won')
    expect(result.record.stamps?.stage).toBe(CLOUD_NEWER)
    expect(result.losses).toEqual([{ field: 'stage', value: 'Prospecting', stamp: EDGE_OLD, source: 'edge', winningStamp: CLOUD_NEWER }])
  })

  it('keeps a newer edge value and records the cloud loss', () => {
    const record = deal({ stage: 'Qualified', stamps: { ...deal().stamps, stage: EDGE_NEWEST } })
    const incoming = { ...projectionOf(record), stage: 'Lost', stamps: { ...projectionOf(record).stamps, stage: CLOUD_NEWER } }

    const result = mergeIncoming(record, incoming, projectionOf(record), rules, 'site-1')

    expect(result.changed).toBe(false)
    expect(result.record.stage).toBe('Qualified')
    expect(result.losses).toEqual([{ field: 'stage', value: 'Lost', stamp: CLOUD_NEWER, source: 'cloud', winningStamp: EDGE_NEWEST }])
  })

  it('rejects a change to a field that is not cloud-writable', () => {
    const record = deal()
    const incoming = { ...projectionOf(record), title: 'Changed', stamps: { ...projectionOf(record).stamps, title: CLOUD_NEWER } }

    const result = mergeIncoming(record, incoming, projectionOf(record), rules, 'site-1')

    expect(result.changed).toBe(false)
    expect(result.rejected.map((rejection) => rejection.field)).toEqual(['title'])
  })

  it('rejects a field the projection does not carry', () => {
    const record = deal()
    const incoming = { ...projectionOf(record), notes: 'from the cloud', stamps: { ...projectionOf(record).stamps, notes: CLOUD_NEWER } }

    const result = mergeIncoming(record, incoming, projectionOf(record), rules, 'site-1')

    expect(result.record.notes).toBe('call back after lunch')
    expect(result.rejected.map((rejection) => rejection.field)).toEqual(['notes'])
  })

  it('rejects a change without a stamp', () => {
    const record = deal()
    const incoming = { ...projectionOf(record), stage: 'Won', stamps: { title: EDGE_OLD, amount: EDGE_OLD } }

    const result = mergeIncoming(record, incoming, projectionOf(record), rules, 'site-1')

    expect(result.rejected).toEqual([{ field: 'stage', code: 'missing_stamp', reason: 'changed without a modification stamp' }])
  })

  it('rejects an invalid cloud value', () => {
    const record = deal()
    const incoming = { ...projectionOf(record), amount: 'lots', stamps: { ...projectionOf(record).stamps, amount: CLOUD_NEWER } }

    const result = mergeIncoming(record, incoming, projectionOf(record), rules, 'site-1')

    expect(result.record.amount).toBe(1000)
    expect(result.rejected.map((rejection) => rejection.field)).toEqual(['amount'])
  })

  it('ignores a stale copy stamped by the site itself', () => {
    const record = deal({ stage: 'Qualified', stamps: { ...deal().stamps, stage: EDGE_NEWEST } })
    const stale = projectionOf(deal())

    const result = mergeIncoming(record, stale, projectionOf(record), rules, 'site-1')

    expect(result.changed).toBe(false)
    expect(result.rejected).toEqual([])
    expect(result.losses).toEqual([])
  })

  it('clears a field the cloud removed with a newer stamp', () => {
    const record = deal({ nextStep: 'send offer', stamps: { ...deal().stamps, nextStep: EDGE_OLD } })
    const projection = { ...projectionOf(record), nextStep: 'send offer', stamps: { ...projectionOf(record).stamps, nextStep: EDGE_OLD } }
    const incoming = { ...projection, nextStep: undefined, stamps: { ...projection.stamps, nextStep: CLOUD_NEWER } }

    const result = mergeIncoming(record, incoming, projection, rules, 'site-1')

    expect(result.accepted).toEqual(['nextStep'])
    expect('nextStep' in result.record).toBe(false)
  })

  it('records an older cloud value as a loss', () => {
    const record = deal()
    const incoming = { ...projectionOf(record), stage: 'Lost', stamps: { ...projectionOf(record).stamps, stage: CLOUD_OLDER } }

    const result = mergeIncoming(record, incoming, projectionOf(record), rules, 'site-1')

    expect(result.record.stage).toBe('Prospecting')
    expect(result.losses.map((loss) => loss.value)).toEqual(['Lost'])
  })
})

describe('acceptCreated', () => {
  const activityRules = {
    cloudCreatable: true,
    fields: { kind: { mode: 'sync' as const }, subject: { mode: 'sync' as const, cloudWritable: true }, body: { mode: 'local' as const } },
  }

  it('creates a record from sync fields', () => {
    const incoming: ProjectedDoc = { _id: 'activity:01HX0000000000000000000002', type: 'activity', kind: 'call', subject: 'Follow up', stamps: { subject: CLOUD_NEWER } }

    const result = acceptCreated(incoming, activityRules)

    expect(result.ok).toBe(true)
    if (result.ok) expect(result.record.subject).toBe('Follow up')
  })

  it('rejects a type the cloud may not create', () => {
    const incoming: ProjectedDoc = { _id: 'contact:01HX0000000000000000000003', type: 'contact', country: 'FR' }

    const result = acceptCreated(incoming, { fields: { country: { mode: 'sync' } } })

    expect(result.ok).toBe(false)
  })

  it('rejects a local field on a created document', () => {
    const incoming: ProjectedDoc = { _id: 'activity:01HX0000000000000000000004', type: 'activity', kind: 'call', body: 'secret' }

    const result = acceptCreated(incoming, activityRules)

    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.rejected.map((rejection) => rejection.field)).toEqual(['body'])
  })
})
