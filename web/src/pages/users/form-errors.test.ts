import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../../app/i18n'
import { RequestError } from '../reports/request'
import { formErrors } from './form-errors'

const FIELDS = ['username', 'password', 'displayName', 'role', 'recordScope', 'sites']

describe('formErrors', () => {
  afterEach(async () => {
    await setLanguage('en')
  })

  it('puts a validation detail next to its field', () => {
    const problem = 'the password has 5 characters; use at least 12'
    const failure = new RequestError(422, 'validation_failed', problem, [{ field: 'password', message: problem }])
    const errors = formErrors(failure, FIELDS)
    expect(errors.fields).toEqual({ password: problem })
    expect(errors.form).toBe('')
  })

  it('names the field of a taken user name', () => {
    const failure = new RequestError(409, 'user_exists', "a user named 'ada' exists already; choose another name", undefined, { username: 'ada' })
    expect(formErrors(failure, FIELDS).fields.username).toBe("a user named 'ada' exists already; choose another name")
  })

  it('names the field of a deleted user name', async () => {
    await setLanguage('zh-CN')
    const message = "the user name 'ada' belonged to a deleted account, whose records and audit entries still carry it; choose another name"
    const failure = new RequestError(409, 'username_retired', message, undefined, { username: 'ada' })
    expect(formErrors(failure, FIELDS).fields.username).toBe('用户名“ada”属于一个已删除的账户，其记录和审计条目仍使用该名称；请换一个名称')
  })

  it('uses the error text for a detail without a message', () => {
    const failure = new RequestError(422, 'unknown_site', "no site has the id 'oslo'; create the site first or grant an existing one", [{ field: 'sites' }], { id: 'oslo' })
    expect(formErrors(failure, FIELDS).fields.sites).toContain("'oslo'")
  })

  it('writes a known code in Chinese', async () => {
    await setLanguage('zh-CN')
    const failure = new RequestError(409, 'user_exists', "a user named 'ada' exists already; choose another name", undefined, { username: 'ada' })
    expect(formErrors(failure, FIELDS).fields.username).toBe('名为“ada”的用户已存在；请换一个名称')
  })

  it('writes a password rule in Chinese', async () => {
    await setLanguage('zh-CN')
    const detail = { field: 'password', code: 'invalid_password', message: 'the password has 5 characters; use at least 12', params: { reason: 'too_short', length: 5, min: 12 } }
    const failure = new RequestError(422, 'validation_failed', detail.message, [detail])
    expect(formErrors(failure, FIELDS).fields.password).toBe('密码只有 5 个字符；请至少使用 12 个')
  })

  it('writes a user name rule in Chinese', async () => {
    await setLanguage('zh-CN')
    const detail = { field: 'username', code: 'invalid_username', message: "the user name 'Ada Lovelace' is invalid", params: { reason: 'invalid', value: 'Ada Lovelace' } }
    const failure = new RequestError(422, 'validation_failed', detail.message, [detail], { type: 'user' })

    expect(formErrors(failure, FIELDS).fields.username).toBe('用户名“Ada Lovelace”无效；请使用 2 到 64 个小写字母、数字、“.”、“-”或“_”，并以字母或数字开头')
  })

  it('writes every user field rule in Chinese', async () => {
    await setLanguage('zh-CN')
    const details = [
      { field: 'username', code: 'invalid_username', message: 'the user name is missing', params: { reason: 'missing' } },
      { field: 'role', code: 'invalid_role', message: "role 'owner' is invalid", params: { value: 'owner' } },
      { field: 'recordScope', code: 'invalid_record_scope', message: "recordScope 'some' is invalid", params: { value: 'some' } },
      { field: 'displayName', code: 'invalid_display_name', message: 'displayName must be text of at most 200 characters', params: { max: 200 } },
      { field: 'sites', code: 'invalid_sites', message: 'sites must be a list of site ids', params: {} },
    ]
    for (const detail of details) {
      const text = formErrors(new RequestError(422, 'validation_failed', detail.message, [detail]), FIELDS).fields[detail.field]

      expect(text, detail.message).toMatch(/[\u4e00-\u9fff]/)
      expect(text, detail.message).not.toMatch(/\{\w+/)
    }
  })

  it('maps a wrong current password to its field', () => {
    const failure = new RequestError(403, 'invalid_credentials', 'the current password is wrong', undefined, { reason: 'current_password' })
    const errors = formErrors(failure, ['currentPassword', 'newPassword'])
    expect(errors.fields.currentPassword).toBe('the current password is wrong')
    expect(errors.form).toBe('')
  })

  it('names a missing field from the params', () => {
    const failure = new RequestError(400, 'missing_field', "'currentPassword' is missing; send it as a string", undefined, { field: 'currentPassword' })
    expect(Object.keys(formErrors(failure, ['currentPassword', 'newPassword']).fields)).toEqual(['currentPassword'])
  })

  it('leaves an error of no field to the form', () => {
    const failure = new RequestError(409, 'last_admin', "'admin' is the only enabled admin; make another admin first", undefined, { username: 'admin' })
    const errors = formErrors(failure, FIELDS)
    expect(errors.fields).toEqual({})
    expect(errors.form).toBe("'admin' is the only enabled admin; make another admin first")
  })

  it('ignores a detail of a field the form lacks', () => {
    const failure = new RequestError(422, 'validation_failed', 'disabled must be true or false', [{ field: 'disabled', message: 'disabled must be true or false' }])
    const errors = formErrors(failure, FIELDS)
    expect(errors.fields).toEqual({})
    expect(errors.form).toBe('disabled must be true or false')
  })

  it('reports a failed connection on the form', () => {
    expect(formErrors(new Error('the server could not be reached'), FIELDS).form).toBe('the server could not be reached')
  })
})
