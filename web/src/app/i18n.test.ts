import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { TEXT as AUTH_TEXT } from '../pages/auth/auth-text'
import { TEXT as POLICY_TEXT } from '../pages/policy/policy-text'
import { TERMS as REPORT_TERMS, TEXT as REPORT_TEXT } from '../pages/reports/report-text'
import { setLanguage, t } from './i18n'

/** Lists the English keys, as paths such as `list.noMatch`, with no Chinese text or an empty one. */
function missingInChinese(english: object, chinese: object, prefix = ''): string[] {
  const translated = chinese as Record<string, unknown>
  return Object.entries(english).flatMap(([name, value]) => {
    const counterpart = translated[name]
    if (typeof value === 'object' && value !== null) {
      return typeof counterpart === 'object' && counterpart !== null ? missingInChinese(value as object, counterpart, `${prefix}${name}.`) : [`${prefix}${name}`]
    }
    return typeof counterpart === 'string' && counterpart !== '' ? [] : [`${prefix}${name}`]
  })
}

describe('Simplified Chinese text', () => {
  it('covers the app resources', () => {
    const english = i18next.getResourceBundle('en', 'translation') as object
    const chinese = i18next.getResourceBundle('zh-CN', 'translation') as object
    expect(missingInChinese(english, chinese)).toEqual([])
  })

  it('covers the auth and audit text', () => {
    expect(missingInChinese(AUTH_TEXT.en, AUTH_TEXT['zh-CN'])).toEqual([])
  })

  it('covers the report text', () => {
    expect(missingInChinese(REPORT_TEXT.en, REPORT_TEXT['zh-CN'])).toEqual([])
  })

  it('covers the report terms', () => {
    expect(missingInChinese(REPORT_TERMS.en, REPORT_TERMS['zh-CN'])).toEqual([])
  })

  it('covers the policy text', () => {
    expect(missingInChinese(POLICY_TEXT.en, POLICY_TEXT['zh-CN'])).toEqual([])
  })
})

describe('list counts', () => {
  it('writes one record in the singular', async () => {
    await setLanguage('en')

    expect(t('list.count', { count: 1 })).toBe('1 record')
    expect(t('list.count', { count: 2 })).toBe('2 records')
  })

  it('writes counts in Chinese', async () => {
    await setLanguage('zh-CN')

    expect(t('list.count', { count: 1 })).toBe('1 条记录')
    await setLanguage('en')
  })
})
