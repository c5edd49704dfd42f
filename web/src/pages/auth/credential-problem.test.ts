import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../../app/i18n'
import { findCredentialProblem } from './credential-problem'

describe('findCredentialProblem', () => {
  afterEach(() => setLanguage('en'))

  it('accepts a valid name and passphrase', () => {
    expect(findCredentialProblem('ada.lovelace', 'correct horse battery')).toBeUndefined()
  })

  it('writes an invalid user name in Chinese', async () => {
    await setLanguage('zh-CN')

    expect(findCredentialProblem('Ada', 'correct horse battery')).toBe('用户名“Ada”无效；请使用 2 到 64 个小写字母、数字、“.”、“-”或“_”，并以字母或数字开头')
  })

  it('writes a short password in Chinese', async () => {
    await setLanguage('zh-CN')

    expect(findCredentialProblem('ada', 'short')).toBe('密码只有 5 个字符；请至少使用 12 个')
  })

  it('asks for a missing user name', () => {
    expect(findCredentialProblem('', 'correct horse battery')).toBe('the user name is missing; type one')
  })
})
