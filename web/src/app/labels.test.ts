import i18next from 'i18next'
import { afterEach, describe, expect, it } from 'vitest'
import { policyTerm, policyText } from '../pages/policy/policy-text'
import { segmentTerm } from '../pages/reports/report-text'
import { isolate } from './bidi'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { knownOptionLabel, typeLabel } from './field-labels'
import { t } from './i18n'
import { formatCount, formatDateTime } from './locale-format'

afterEach(async () => {
  await i18next.changeLanguage('en')
})

describe('typeLabel', () => {
  it('names a type in English', () => {
    expect(typeLabel('contact')).toBe('Contact')
  })

  it('names a type in Chinese', async () => {
    await i18next.changeLanguage('zh-CN')

    expect(typeLabel('ticket')).toBe('工单')
  })
})

describe('knownOptionLabel', () => {
  const options = Object.values(ENTITY_SCHEMAS).flatMap((schema) =>
    schema.fields.flatMap((field) => (field.options ?? []).map((option) => [schema.type, field.name, option] as const)),
  )

  it.each(options)('names %s %s %s in English', (_type, _field, option) => {
    expect(knownOptionLabel(option)).toBeDefined()
  })

  it.each(options)('names %s %s %s in Chinese', async (_type, _field, option) => {
    await i18next.changeLanguage('zh-CN')

    expect(knownOptionLabel(option)).toBeDefined()
  })

  it('capitalises an activity kind in English', () => {
    expect(knownOptionLabel('meeting')).toBe('Meeting')
  })
})

describe('new record heading', () => {
  it('names the type in Chinese', async () => {
    await i18next.changeLanguage('zh-CN')

    expect(t('record.newTitle', { type: typeLabel('activity') })).toBe('新建活动')
  })
})

describe('segmentTerm', () => {
  it.each([
    ['op', 'startsWith', '开头是'],
    ['op', 'gt', '大于'],
    ['campaignStatus', 'active', '进行中'],
    ['memberStatus', 'opted_out', '已退出'],
    ['stepKind', 'email', '邮件'],
  ] as const)('names %s %s in Chinese', async (group, name, chinese) => {
    await i18next.changeLanguage('zh-CN')

    expect(segmentTerm(group, name)).toBe(chinese)
  })

  it('returns an unknown name unchanged', () => {
    expect(segmentTerm('op', 'between')).toBe('between')
  })
})

describe('policyTerm', () => {
  it('names a field kind in Chinese', async () => {
    await i18next.changeLanguage('zh-CN')

    expect(policyTerm('fieldKind', 'datetime')).toBe('日期和时间')
  })
})

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(policyText('impactSummary', { changed: formatCount(10001), scanned: formatCount(28104) })).toBe('10,001 of 28,104 cloud documents change')
  })
})

describe('formatDateTime', () => {
  it('uses the app language', async () => {
    await i18next.changeLanguage('zh-CN')
    const expected = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse('2026-12-04T20:52:42Z'))

    expect(formatDateTime('2026-12-04T20:52:42Z')).toBe(expected)
  })

  it('returns an invalid timestamp unchanged', () => {
    expect(formatDateTime('yesterday')).toBe('yesterday')
  })
})

describe('isolate', () => {
  it('wraps text in first strong isolate marks', () => {
    expect(isolate('\u202Eabc')).toBe('\u2068\u202Eabc\u2069')
  })
})
