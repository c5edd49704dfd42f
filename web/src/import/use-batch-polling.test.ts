import { describe, expect, it } from 'vitest'
import type { Batch } from './import-api'
import { changesOnItsOwn } from './use-batch-polling'

describe('changesOnItsOwn', () => {
  const cases: [Batch['status'], boolean][] = [
    ['uploaded', false],
    ['queued', true],
    ['running', true],
    ['done', false],
    ['failed', false],
    ['undoing', true],
    ['undone', false],
    ['deleted', false],
  ]

  it.each(cases)('polls a %s batch: %s', (status, expected) => {
    expect(changesOnItsOwn({ status })).toBe(expected)
  })
})
