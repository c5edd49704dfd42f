import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../../app/i18n'
import { describeBrokenLink } from './broken-link'

const MISSING = {
  seq: 4,
  id: 'audit:000000000004',
  reason: 'missing_entry',
  message: 'entry 4 is missing; the log jumps to audit:000000000005',
  params: { next: 'audit:000000000005' },
}

describe('describeBrokenLink', () => {
  afterEach(() => setLanguage('en'))

  it('writes a missing entry in Chinese', async () => {
    await setLanguage('zh-CN')

    expect(describeBrokenLink(MISSING)).toBe('哈希链在第 4 条断开：该条记录缺失，日志直接跳到 audit:000000000005。')
  })

  it('writes a changed head in Chinese', async () => {
    await setLanguage('zh-CN')
    const link = { seq: 5, id: 'audit:000000000005', reason: 'head_mismatch', message: 'the log ends at entry 4 but entry 5 was written last', params: { end: 4, last: 5 } }

    expect(describeBrokenLink(link)).toBe('哈希链在第 5 条断开：日志止于第 4 条，但最后写入的是第 5 条。')
  })

  it('writes a missing entry in English', () => {
    expect(describeBrokenLink(MISSING)).toBe('Chain broken at entry 4: the entry is missing, and the log jumps to audit:000000000005.')
  })

  it('keeps the message of an unknown reason', () => {
    const link = { ...MISSING, reason: 'reordered', message: 'entry 4 was moved' }

    expect(describeBrokenLink(link)).toBe('Chain broken at entry 4 (reordered): entry 4 was moved')
  })
})
