import './users.css'
import { useState } from 'preact/hooks'
import { t } from '../../app/i18n'
import { formErrors, type FormErrors } from './form-errors'
import { userApi } from './user-api'

const FIELDS = ['currentPassword', 'newPassword', 'repeatPassword']
const NO_ERRORS: FormErrors = { fields: {}, form: '' }

/** Lets any signed-in user change their own password. */
export function PasswordPage() {
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', repeatPassword: '' })
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)
  const [done, setDone] = useState(false)

  const change = (field: keyof typeof values, value: string) => {
    setValues({ ...values, [field]: value })
    setErrors(NO_ERRORS)
    setDone(false)
  }

  const submit = async () => {
    if (values.newPassword !== values.repeatPassword) {
      setErrors({ fields: { repeatPassword: t('users.passwordsDiffer') }, form: '' })
      return
    }
    setSaving(true)
    try {
      // The server checks the password rules and sets new session cookies on success.
      await userApi.changePassword(values.currentPassword, values.newPassword)
      setValues({ currentPassword: '', newPassword: '', repeatPassword: '' })
      setDone(true)
    } catch (failure) {
      setErrors(formErrors(failure, FIELDS))
    } finally {
      setSaving(false)
    }
  }

  const field = (name: keyof typeof values, autoComplete: string) => (
    <div class="form-field">
      <label for={`password-${name}`}>{t(`users.${name}`)}</label>
      <input
        id={`password-${name}`}
        type="password"
        autoComplete={autoComplete}
        value={values[name]}
        aria-invalid={errors.fields[name] ? true : undefined}
        aria-describedby={errors.fields[name] ? `password-${name}-error` : undefined}
        onInput={(event) => change(name, event.currentTarget.value)}
      />
      {name === 'newPassword' ? <p class="muted hint">{t('users.passwordHint')}</p> : null}
      {errors.fields[name] ? <p class="field-error" id={`password-${name}-error`} role="alert">{errors.fields[name]}</p> : null}
    </div>
  )

  return (
    <section class="password-page" aria-labelledby="password-title">
      <h1 id="password-title">{t('users.changePassword')}</h1>
      <form
        class="user-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        {field('currentPassword', 'current-password')}
        {field('newPassword', 'new-password')}
        {field('repeatPassword', 'new-password')}
        {errors.form ? <p class="field-error" role="alert">{errors.form}</p> : null}
        <div class="form-buttons">
          <button type="submit" class="primary" disabled={saving}>{saving ? t('users.saving') : t('users.changePassword')}</button>
        </div>
      </form>
      <p role="status" aria-live="polite" class="status" data-testid="password-status">{done ? t('users.passwordChanged') : ''}</p>
    </section>
  )
}
