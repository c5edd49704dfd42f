import i18next from 'i18next'
import { afterEach, describe, expect, it } from 'vitest'
import '../../app/i18n'
import { formatValue } from './BarChart'
import { bucketLabel } from './report-text'

describe('bucketLabel', () => {
  afterEach(async () => {
    await i18next.changeLanguage('en')
  })

  it.each([
    ['0-30 days', '0–30 天'],
    ['31-60 days', '31–60 天'],
    ['over 180 days', '超过 180 天'],
    ['overdue', '已逾期'],
    ['today', '今天到期'],
    ['next 7 days', '未来 7 天'],
    ['later', '更晚'],
    ['Other', '其他'],
    ['(none)', '（无）'],
  ])('names %s in Chinese', async (label, chinese) => {
    await i18next.changeLanguage('zh-CN')

    expect(bucketLabel(label)).toBe(chinese)
  })

  it('leaves other labels and English alone', async () => {
    await i18next.changeLanguage('zh-CN')
    expect(bucketLabel('Prospecting')).toBeUndefined()

    await i18next.changeLanguage('en')
    expect(bucketLabel('31-60 days')).toBeUndefined()
  })
})

describe('formatValue', () => {
  afterEach(async () => {
    await i18next.changeLanguage('en')
  })

  it('names the day unit in the language', async () => {
    expect(formatValue(14, 'days')).toBe('14 d')

    await i18next.changeLanguage('zh-CN')
    expect(formatValue(14, 'days')).toBe('14 天')
  })
})
