import { describe, expect, it } from 'vitest'
import type { RecordChangeEvent } from '../records/record-store'
import { groupEvents, MAX_IDS_PER_ENTRY, RecordChangeBuffer } from './record-change-buffer'

function created(id: string, fields = ['email', 'firstName'], actor = 'user:alice'): RecordChangeEvent {
  return { action: 'create', type: 'contact', id, fields, actor }
}

describe('groupEvents', () => {
  it('merges one bulk create', () => {
    const entries = groupEvents([created('contact:1'), created('contact:2')])
    expect(entries).toEqual([
      { action: 'record.create', user: 'user:alice', recordIds: ['contact:1', 'contact:2'], fields: ['email', 'firstName'], detail: { type: 'contact' } },
    ])
  })

  it('keeps different field sets apart', () => {
    const entries = groupEvents([created('contact:1'), created('contact:2', ['firstName'])])
    expect(entries.map((entry) => entry.fields)).toEqual([['email', 'firstName'], ['firstName']])
  })

  it('keeps different users apart', () => {
    expect(groupEvents([created('contact:1'), created('contact:2', undefined, 'user:bob')])).toHaveLength(2)
  })

  it('splits large groups', () => {
    const events = Array.from({ length: MAX_IDS_PER_ENTRY + 1 }, (_, i) => created(`contact:${i}`))
    expect(groupEvents(events).map((entry) => entry.recordIds!.length)).toEqual([MAX_IDS_PER_ENTRY, 1])
  })
})

describe('RecordChangeBuffer', () => {
  it('writes events of one turn together', async () => {
    const writes: number[] = []
    const buffer = new RecordChangeBuffer((entries) => writes.push(entries.length))
    buffer.add(created('contact:1'))
    buffer.add(created('contact:2'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(writes).toEqual([1])
  })

  it('writes pending events at flush', () => {
    const writes: number[] = []
    const buffer = new RecordChangeBuffer((entries) => writes.push(entries.length))
    buffer.add(created('contact:1'))
    buffer.flush()
    expect(writes).toEqual([1])
  })
})
