import { describe, expect, it } from 'vitest'
import { detectDateFormat, isDateShaped, parseDateAs } from './date-format'

describe('parseDateAs', () => {
  it('reads day-first dates', () => {
    expect(parseDateAs('26-08-2020', 'DD-MM-YYYY')).toBe('2020-08-26')
  })

  it('reads month-first dates with slashes', () => {
    expect(parseDateAs('08/26/2020', 'MM-DD-YYYY')).toBe('2020-08-26')
  })

  it('reads two-digit years around the pivot', () => {
    expect(parseDateAs('20-10-16', 'DD-MM-YY')).toBe('2016-10-20')
    expect(parseDateAs('01-02-85', 'DD-MM-YY')).toBe('1985-02-01')
  })

  it('reads Chinese year and month marks', () => {
    expect(parseDateAs('2021年3月4日', 'YYYY-MM-DD')).toBe('2021-03-04')
  })

  it('ignores a time after the date', () => {
    expect(parseDateAs('2021-03-04 14:30', 'YYYY-MM-DD')).toBe('2021-03-04')
  })

  it('rejects impossible dates', () => {
    expect(parseDateAs('31-02-2021', 'DD-MM-YYYY')).toBeUndefined()
    expect(parseDateAs('13/13/2021', 'MM-DD-YYYY')).toBeUndefined()
  })
})

describe('detectDateFormat', () => {
  it('finds day-first when a day exceeds 12', () => {
    const detection = detectDateFormat(['03-04-2021', '26-08-2020'])

    expect(detection.format).toBe('DD-MM-YYYY')
    expect(detection.ambiguous).toBe(false)
  })

  it('flags a column readable both ways', () => {
    const detection = detectDateFormat(['03/04/2021', '05/06/2020', ''])

    expect(detection.ambiguous).toBe(true)
    expect(detection.format).toBeUndefined()
    expect(detection.candidates).toEqual(['DD-MM-YYYY', 'MM-DD-YYYY'])
  })

  it('finds ISO dates', () => {
    expect(detectDateFormat(['2021-03-04']).format).toBe('YYYY-MM-DD')
  })

  it('finds nothing in text', () => {
    expect(detectDateFormat(['soon', 'later']).candidates).toEqual([])
  })

  it('ignores an impossible date', () => {
    const detection = detectDateFormat(['26/08/2020', '31/02/2000', '14/03/2019'])

    expect(detection.format).toBe('DD-MM-YYYY')
    expect(detection.checked).toBe(3)
  })
})

describe('isDateShaped', () => {
  it.each([
    ['31/02/2000', true],
    ['2000-02-31', true],
    ['26.08.2020', true],
    ['2024-03-31 14:00', true],
    ['2021年3月4日', true],
    ['03/04/21', true],
    ['0123 45 6789', false],
    ['043-797-5229', false],
    ['+44 20 7946 0018', false],
    ['31/31/2000', false],
    ['next Tuesday', false],
  ])('%s is %s', (text, expected) => {
    expect(isDateShaped(text)).toBe(expected)
  })
})
