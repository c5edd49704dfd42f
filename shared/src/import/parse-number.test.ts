import { describe, expect, it } from 'vitest'
import { parseNumberText } from './parse-number'

describe('parseNumberText', () => {
  it.each([
    ['1054', 1054],
    ['$1,234.50', 1234.5],
    ['1 234 567', 1234567],
    ['USD 2,500', 2500],
    ['¥12,000元', 12000],
    ['(1,234)', -1234],
    ['-12.5', -12.5],
    ['1,234,567.89', 1234567.89],
    ['1.234,50 €', 1234.5],
  ])('reads %s', (text, expected) => {
    expect(parseNumberText(text)).toBe(expected)
  })

  it('reads a decimal comma when chosen', () => {
    expect(parseNumberText('12,5', ',')).toBe(12.5)
    expect(parseNumberText('1.234', ',')).toBe(1234)
  })

  it.each(['abc', '1,23,4', '12..5', '', '$', '1.2.3,4.5'])('rejects %j', (text) => {
    expect(parseNumberText(text)).toBeUndefined()
  })
})
