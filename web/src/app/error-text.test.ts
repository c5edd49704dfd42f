import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { validateRecord, type FieldError } from '@enclave/shared/entities/validate'
import { ERROR_CATALOGUE } from './error-catalogue'
import { describeError, describeFieldError, describeRowProblem, errorText } from './error-text'
import { setLanguage } from './i18n'
import { NetworkError } from './network-error'
import { scanRaisedCodes, type RaisedCode } from '../testing/raised-error-codes'

const REPOSITORY = path.resolve(import.meta.dirname, '../../..')

/**
 * Every error code the servers send, with its reasons and params. The sync gateway is left out
 * because only edge agents call it, and they keep its errors as English log text.
 */
const SCAN = scanRaisedCodes(REPOSITORY, ['edge-agent/src', 'cloud/src', 'shared/src'], ['cloud/src/gateway'])

const LANGUAGES = ['en', 'zh-CN'] as const

/** Returns the catalogue keys that write a raised code: `code.reason` for each reason it sends, else the bare code. */
function keysOf(raised: RaisedCode, keys: readonly string[]): string[] {
  if (raised.reasons === 'none') return [raised.code]
  if (raised.reasons === 'computed') return keys.filter((key) => key === raised.code || key.startsWith(`${raised.code}.`))
  return raised.reasons.map((reason) => `${raised.code}.${reason}`)
}

function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)/g)].map((match) => match[1]!)
}

/** Collects every error `validateRecord` reports for a table of invalid contact, deal and campaign fields. */
function validatorErrors(): FieldError[] {
  const inputs: Array<[keyof typeof ENTITY_SCHEMAS, Record<string, unknown>]> = [
    ['contact', { email: 'sigrid-at-example' }],
    ['contact', { phone: '12' }],
    ['contact', { phone: '+1 12' }],
    ['contact', { phone: '+abc' }],
    ['contact', { birthDate: '2024-02-30' }],
    ['contact', { birthDate: '2099-01-01' }],
    ['contact', { birthDate: '1000-01-01' }],
    ['contact', { subscribedAt: '2999-12-31' }],
    ['activity', { kind: 'task', subject: 'Call', dueAt: '1000-01-01T10:00:00Z' }],
    ['contact', { website: 'ftp://example.com' }],
    ['contact', { firstName: 42 }],
    ['contact', { firstName: 'Ada\u0007' }],
    ['contact', { firstName: 'x'.repeat(1001) }],
    ['contact', { lifecycleStage: 'friend' }],
    ['contact', { companyId: 'deal:01J' }],
    ['contact', { favouriteColour: 'blue' }],
    ['contact', { jobTitle: 'Engineer' }],
    ['deal', { title: '' }],
    ['deal', { title: 'Charter', amount: 'a lot' }],
    ['deal', { title: 'Charter', stage: 'Won', currency: '$' }],
    ['activity', { kind: 'task', subject: 'Call', dueAt: '2024-03-31 14:00' }],
    ['segment', { name: 'Nordics', entityType: 'contact', conditions: [{ field: 'country', op: 'like', value: 'N' }] }],
    ['campaign', { name: 'Spring', segmentId: 'segment:01J', steps: [{ kind: 'fax', offsetDays: 1, subject: 'Hello' }] }],
  ]
  return inputs.flatMap(([type, input]) => {
    const result = validateRecord(type, input)
    return result.ok ? [] : result.errors
  })
}

describe('error catalogue', () => {
  it('has the same keys in English and Chinese', () => {
    expect(Object.keys(ERROR_CATALOGUE['zh-CN']).sort()).toEqual(Object.keys(ERROR_CATALOGUE.en).sort())
  })

  it('reads every code the servers raise', () => {
    expect(SCAN.unresolved).toEqual([])
    expect(SCAN.raised.length).toBeGreaterThan(200)
  })

  for (const language of LANGUAGES) {
    it(`covers every code the servers raise in ${language}`, () => {
      const keys = Object.keys(ERROR_CATALOGUE[language])
      const missing = SCAN.raised.flatMap((raised) => {
        const expected = keysOf(raised, keys)
        const absent = expected.length > 0 ? expected.filter((key) => !keys.includes(key)) : [`${raised.code}.*`]
        return absent.map((key) => `${key} at ${raised.location}`)
      })

      expect(missing).toEqual([])
    })

    it(`finds params for every ${language} placeholder`, () => {
      const catalogue: Record<string, string> = ERROR_CATALOGUE[language]
      const unsent = SCAN.raised.flatMap((raised) => {
        if (raised.params === undefined || raised.reasons === 'computed') return []
        return keysOf(raised, []).flatMap((key) => {
          const names = placeholdersOf(catalogue[key] ?? '').filter((name) => !raised.params!.includes(name))
          return names.map((name) => `{${name}} of ${key} at ${raised.location}`)
        })
      })

      expect(unsent).toEqual([])
    })
  }
})

describe('describeFieldError', () => {
  afterEach(() => setLanguage('en'))

  it('repeats the server English for every validator error', async () => {
    await setLanguage('en')
    const errors = validatorErrors()
    expect(errors.length).toBeGreaterThan(15)
    for (const error of errors) expect(describeFieldError(error)).toBe(error.message)
  })

  it('writes every validator error in Chinese', async () => {
    await setLanguage('zh-CN')
    for (const error of validatorErrors()) {
      const text = describeFieldError(error)
      expect(text, error.message).not.toBe(error.message)
      expect(text, error.message).toMatch(/[\u4e00-\u9fff]/)
      expect(text, error.message).not.toMatch(/\{\w+/)
    }
  })

  it('names the value and the Chinese label of an invalid email', async () => {
    await setLanguage('zh-CN')
    const result = validateRecord('contact', { email: 'sigrid-at-example' })
    const error = result.ok ? undefined : result.errors[0]

    expect(describeFieldError(error!)).toBe('电子邮件：“sigrid-at-example”不是有效的电子邮件地址；请使用 name@example.com 的格式')
  })

  it('names the value and the fix of a currency sign', async () => {
    await setLanguage('zh-CN')
    const result = validateRecord('deal', { title: 'Charter', stage: 'Won', currency: '$' })
    const error = result.ok ? undefined : result.errors[0]

    expect(describeFieldError(error!)).toBe('币种：“$”不是货币代码；请使用三个字母的 ISO 4217 货币代码，例如 USD 或 EUR')
  })

  it('lists the fields of required_any_of by Chinese label', async () => {
    await setLanguage('zh-CN')
    const result = validateRecord('contact', { jobTitle: 'Engineer' })
    const error = result.ok ? undefined : result.errors[0]

    expect(describeFieldError(error!)).toBe('联系人至少需要填写名、姓、电子邮件或电话中的一项；请填写其中之一')
  })

  it('puts no label before a sentence that names it', async () => {
    await setLanguage('zh-CN')
    expect(describeFieldError({ code: 'required', message: 'Title is required', params: { field: 'title', label: 'Title' } })).toBe('标题为必填项')
  })

  it('keeps the label of a custom field', async () => {
    await setLanguage('zh-CN')
    const error = { code: 'invalid_number', message: "Loyalty: 'x' is not a number", params: { value: 'x', field: 'loyalty', label: 'Loyalty', type: 'contact' } }

    expect(describeFieldError(error)).toBe('Loyalty：“x”不是数字')
  })
})

describe('describeError', () => {
  beforeEach(() => setLanguage('zh-CN'))
  afterEach(() => setLanguage('en'))

  it('fills numbers into a file too large', () => {
    const error = { code: 'file_too_large', message: 'the file is larger than the import limit of 1024 bytes', params: { max: 1024 } }
    expect(describeError(error)).toBe('文件超过了导入上限 1024 字节；请拆分成较小的文件')
  })

  it('offers unlock for an account lockout', () => {
    const error = { code: 'too_many_attempts', message: 'too many failed sign-ins', params: { reason: 'account', scope: 'account', seconds: 900 } }
    expect(describeError(error)).toBe('此账户登录失败次数过多；请在 900 秒后重试，或请管理员解锁账户')
  })

  it('offers only waiting for an address lockout', () => {
    const error = { code: 'too_many_attempts', message: 'too many failed sign-ins', params: { reason: 'address', scope: 'address', seconds: 600 } }
    expect(describeError(error)).toBe('此网络地址登录失败次数过多；请在 600 秒后重试')
  })

  it('names the record of a stale revision', () => {
    const error = { code: 'conflict', message: 'changed', params: { reason: 'update', type: 'deal', id: 'deal:01J', rev: '2-ab' } }
    expect(describeError(error)).toBe('商机“deal:01J”在版本 2-ab 之后已被修改；请重新加载后再修改一次')
  })

  it('names role and action of a forbidden request', () => {
    const error = { code: 'forbidden', message: 'the viewer role may not edit; ask an admin', params: { reason: 'role', role: 'viewer', action: 'edit' } }
    expect(describeError(error)).toBe('只读用户角色无权编辑记录；请联系管理员')
  })

  it('writes an invalid limit', () => {
    const error = { code: 'invalid_query', message: "limit is 'lots'; use a whole number from 0 to 500", params: { reason: 'whole_number', name: 'limit', value: 'lots', max: 500 } }
    expect(describeError(error)).toBe('limit 的值“lots”无效；请填写 0 到 500 之间的整数')
  })

  it('writes an unknown route', () => {
    const error = { code: 'not_found', message: 'no route for GET /nothing-here', params: { resource: 'route', id: '/nothing-here' } }
    expect(describeError(error)).toBe('找不到 ID 为“/nothing-here”的API 路由')
  })

  it('writes a server failure', () => {
    const error = { code: 'internal_error', message: 'the server failed to handle the request; see the server log' }
    expect(describeError(error)).toBe('服务器处理请求失败；请查看服务器日志')
  })

  it('writes a wrong password without params', () => {
    expect(describeError({ code: 'invalid_credentials', message: 'the user name or password is wrong' })).toBe('用户名或密码错误，或者该账户已停用')
  })

  it('falls back to the message for an unknown code', () => {
    expect(describeError({ code: 'brand_new', message: 'something new failed' })).toBe('something new failed')
  })

  it('falls back to the message when a param is missing', () => {
    expect(describeError({ code: 'not_found', message: "no saved mapping has the id 'm1'" })).toBe("no saved mapping has the id 'm1'")
  })

  it('falls back to the message for an unknown reason', () => {
    expect(describeError({ code: 'forbidden', message: 'you may not', params: { reason: 'new_rule' } })).toBe('you may not')
  })
})

describe('describeRowProblem', () => {
  afterEach(() => setLanguage('en'))

  it('puts row and column before the sentence', async () => {
    await setLanguage('zh-CN')
    const problem = { row: 7, column: 'Mail', value: 'x@', code: 'invalid_email', message: "row 7, column 'Mail': 'x@' is not an email address", params: { value: 'x@', field: 'email', label: 'Email' } }

    expect(describeRowProblem(problem)).toBe('第 7 行，“Mail”列：“x@”不是有效的电子邮件地址；请使用 name@example.com 的格式')
  })

  it('keeps a sentence that names its row', async () => {
    await setLanguage('en')
    const message = 'row 3 has 2 cells but the header has 4; check the row for an unquoted comma, a stray quote or a missing cell'
    const problem = { row: 3, column: '', code: 'ragged_row', message, params: { cells: 2, expected: 4 } }

    expect(describeRowProblem(problem)).toBe(message)
  })
})

describe('errorText', () => {
  afterEach(() => setLanguage('en'))

  it('writes a network failure in Chinese', async () => {
    await setLanguage('zh-CN')
    expect(errorText(new NetworkError(new TypeError('Failed to fetch')))).toBe('无法连接服务器；请检查网络连接后重试')
  })

  it('returns the message of a plain error', async () => {
    await setLanguage('zh-CN')
    expect(errorText(new Error('boom'))).toBe('boom')
  })
})
