import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { DEFAULT_RECORD_SCOPE, ROLES, type RecordScope, type Role } from '@enclave/shared/auth/roles'
import { t } from '../../app/i18n'
import { formErrors, type FormErrors } from './form-errors'
import type { UserView } from './user-api'

/** Values of the form. It sends `username` only when it creates an account, and `password` when one is typed. */
export interface UserFormValues {
  username: string
  password: string
  displayName: string
  role: Role
  recordScope: RecordScope
  sites: string[]
}

interface Props {
  /** The account to edit, or undefined to create one. */
  user?: UserView
  tier: 'edge' | 'cloud'
  /** Site ids that an admin can grant, used at the cloud only. */
  sites: readonly string[]
  onSubmit: (values: UserFormValues) => Promise<void>
  onCancel: () => void
}

const FIELDS = ['username', 'password', 'displayName', 'role', 'recordScope', 'sites']
const NO_ERRORS: FormErrors = { fields: {}, form: '' }

/** Creates an account, or edits the name, role, record scope, sites and password of one. */
export function UserForm({ user, tier, sites, onSubmit, onCancel }: Props) {
  const creating = user === undefined
  const prefix = creating ? 'user-new' : 'user-edit'
  const [values, setValues] = useState<UserFormValues>(() => ({
    username: user?.username ?? '',
    password: '',
    displayName: user?.displayName ?? '',
    role: user?.role ?? 'agent',
    recordScope: user?.recordScope ?? DEFAULT_RECORD_SCOPE.agent,
    sites: user?.sites ?? [],
  }))
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)

  const change = (patch: Partial<UserFormValues>) => {
    setValues({ ...values, ...patch })
    setErrors(NO_ERRORS)
  }

  // A new role brings its default record scope unless the admin chose another scope already.
  const changeRole = (role: Role) => {
    const untouched = values.recordScope === DEFAULT_RECORD_SCOPE[values.role]
    change({ role, recordScope: untouched ? DEFAULT_RECORD_SCOPE[role] : values.recordScope })
  }

  const toggleSite = (site: string, granted: boolean) => {
    change({ sites: granted ? [...values.sites, site] : values.sites.filter((other) => other !== site) })
  }

  const submit = async () => {
    setSaving(true)
    try {
      await onSubmit(values)
    } catch (failure) {
      setErrors(formErrors(failure, FIELDS))
    } finally {
      setSaving(false)
    }
  }

  const described = (field: string) => ({
    id: `${prefix}-${field}`,
    'aria-invalid': errors.fields[field] ? true : undefined,
    'aria-describedby': errors.fields[field] ? `${prefix}-${field}-error` : undefined,
  })
  const message = (field: string) =>
    errors.fields[field] ? <p class="field-error" id={`${prefix}-${field}-error`} role="alert">{errors.fields[field]}</p> : null

  return (
    <form
      class="user-form"
      data-testid={creating ? 'new-user-form' : 'edit-user-form'}
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      {creating ? (
        <div class="form-field">
          <label for={`${prefix}-username`}>{t('users.username')}</label>
          <input {...described('username')} autoComplete="off" value={values.username} onInput={(event) => change({ username: event.currentTarget.value })} />
          {message('username')}
        </div>
      ) : null}
      <div class="form-field">
        <label for={`${prefix}-displayName`}>{t('users.displayName')}</label>
        <input {...described('displayName')} value={values.displayName} onInput={(event) => change({ displayName: event.currentTarget.value })} />
        {message('displayName')}
      </div>
      <div class="form-field">
        <label for={`${prefix}-password`}>{t(creating ? 'users.password' : 'users.resetPassword')}</label>
        <input {...described('password')} type="password" autoComplete="new-password" value={values.password} onInput={(event) => change({ password: event.currentTarget.value })} />
        <p class="muted hint">{creating ? t('users.passwordHint') : `${t('users.resetPasswordHint')} ${t('users.passwordHint')}`}</p>
        {message('password')}
      </div>
      <div class="form-field">
        <label for={`${prefix}-role`}>{t('users.role')}</label>
        <select {...described('role')} value={values.role} onChange={(event) => changeRole(event.currentTarget.value as Role)}>
          {ROLES.map((role) => <option key={role} value={role}>{t(`users.roleNames.${role}`)}</option>)}
        </select>
        {message('role')}
      </div>
      <div class="form-field">
        <label for={`${prefix}-recordScope`}>{t('users.recordScope')}</label>
        <select {...described('recordScope')} value={values.recordScope} onChange={(event) => change({ recordScope: event.currentTarget.value as RecordScope })}>
          <option value="all">{t('users.scopeAll')}</option>
          <option value="own">{t('users.scopeOwn')}</option>
        </select>
        {message('recordScope')}
      </div>
      {tier === 'cloud' ? <SiteChoice prefix={prefix} sites={sites} values={values} error={message('sites')} onToggle={toggleSite} /> : null}
      {errors.form ? <p class="field-error" role="alert">{errors.form}</p> : null}
      <div class="form-buttons">
        <button type="submit" class="primary" disabled={saving}>{saving ? t('users.saving') : t(creating ? 'users.create' : 'users.save')}</button>
        <button type="button" onClick={onCancel}>{t('users.cancel')}</button>
      </div>
    </form>
  )
}

interface SiteChoiceProps {
  prefix: string
  sites: readonly string[]
  values: UserFormValues
  error: ComponentChildren
  onToggle: (site: string, granted: boolean) => void
}

/** Check boxes of the cloud's sites. Cloud admins reach every site, so they get none. */
function SiteChoice({ prefix, sites, values, error, onToggle }: SiteChoiceProps) {
  return (
    <fieldset class="form-field sites" id={`${prefix}-sites`} aria-describedby={error ? `${prefix}-sites-error` : undefined}>
      <legend>{t('users.sites')}</legend>
      {values.role === 'admin' ? <p class="muted">{t('users.allSites')}</p> : null}
      {values.role !== 'admin' && sites.length === 0 ? <p class="muted">{t('users.noSites')}</p> : null}
      {values.role !== 'admin'
        ? sites.map((site) => (
            <label key={site} class="inline">
              <input type="checkbox" name="sites" value={site} checked={values.sites.includes(site)} onChange={(event) => onToggle(site, event.currentTarget.checked)} />
              {site}
            </label>
          ))
        : null}
      {error}
    </fieldset>
  )
}
