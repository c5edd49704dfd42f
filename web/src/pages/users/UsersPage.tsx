import './users.css'
import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../../app/app-context'
import { errorText } from '../../app/error-text'
import { t } from '../../app/i18n'
import { StateMessage } from '../../shell/StateMessage'
import { UserForm, type UserFormValues } from './UserForm'
import { userApi, type UserView } from './user-api'

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; users: UserView[] }

/** Lets an admin list, create, change, disable, unlock and delete the accounts of this tier. */
export function UsersPage() {
  const app = useApp()
  const tier = app.api.tier
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState('')
  const [status, setStatus] = useState('')
  const [failure, setFailure] = useState('')

  useEffect(() => {
    userApi.list().then(
      (users) => setLoad({ kind: 'ready', users }),
      (error: Error) => setLoad({ kind: 'error', message: errorText(error) }),
    )
  }, [attempt])

  const reload = () => setAttempt((current) => current + 1)

  /** Runs one action on the list, then reloads it and reports the outcome. */
  const act = async (run: () => Promise<unknown>, done: string) => {
    setStatus('')
    setFailure('')
    try {
      await run()
      setStatus(done)
    } catch (error) {
      setFailure(errorText(error))
    }
    reload()
  }

  const create = async (values: UserFormValues) => {
    const created = await userApi.create({ ...values, sites: tier.tier === 'cloud' ? values.sites : undefined })
    setCreating(false)
    setStatus(t('users.created', { username: created.username }))
    setFailure('')
    reload()
  }

  const save = async (user: UserView, values: UserFormValues) => {
    const { displayName, role, recordScope, sites, password } = values
    await userApi.update(user.id, { displayName, role, recordScope, ...(tier.tier === 'cloud' ? { sites } : {}), ...(password ? { password } : {}) })
    setEditing('')
    setStatus(t('users.saved', { username: user.username }))
    setFailure('')
    reload()
  }

  const toggleDisabled = (user: UserView) => {
    if (!user.disabled && !confirm(t('users.confirmDisable', { username: user.username }))) return
    const done = t(user.disabled ? 'users.enabledDone' : 'users.disabledDone', { username: user.username })
    void act(() => userApi.update(user.id, { disabled: !user.disabled }), done)
  }

  const remove = (user: UserView) => {
    if (!confirm(t('users.confirmDelete', { username: user.username }))) return
    void act(() => userApi.remove(user.id), t('users.deleted', { username: user.username }))
  }

  const unlock = (user: UserView) => void act(() => userApi.unlock(user.id), t('users.unlocked', { username: user.username }))

  return (
    <section class="users-page" aria-labelledby="users-title">
      <div class="toolbar">
        <h1 id="users-title">{t('users.title')}</h1>
        {creating ? null : <button type="button" class="primary" onClick={() => setCreating(true)}>{t('users.new')}</button>}
      </div>
      {creating ? <UserForm tier={tier.tier} sites={tier.sites} onSubmit={create} onCancel={() => setCreating(false)} /> : null}
      <p role="status" aria-live="polite" class="status" data-testid="users-status">{status}</p>
      {failure ? <p role="alert" class="field-error" data-testid="users-error">{failure}</p> : null}
      {load.kind === 'loading' ? <StateMessage kind="loading" /> : null}
      {load.kind === 'error' ? <StateMessage kind="error" message={load.message} onRetry={reload} /> : null}
      {load.kind === 'ready' && load.users.length === 0 ? <StateMessage kind="empty" message={t('users.empty')} /> : null}
      {load.kind === 'ready' && load.users.length > 0 ? (
        <table class="grid users-table">
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.displayName')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.recordScope')}</th>
              {tier.tier === 'cloud' ? <th scope="col">{t('users.sites')}</th> : null}
              <th scope="col">{t('users.status')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {load.users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                self={user.id === app.userId}
                tier={tier.tier}
                editing={editing === user.id}
                sites={tier.sites}
                onEdit={() => setEditing(user.id)}
                onCancel={() => setEditing('')}
                onSave={(values) => save(user, values)}
                onToggleDisabled={() => toggleDisabled(user)}
                onUnlock={() => unlock(user)}
                onDelete={() => remove(user)}
              />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}

interface RowProps {
  user: UserView
  self: boolean
  tier: 'edge' | 'cloud'
  editing: boolean
  sites: readonly string[]
  onEdit: () => void
  onCancel: () => void
  onSave: (values: UserFormValues) => Promise<void>
  onToggleDisabled: () => void
  onUnlock: () => void
  onDelete: () => void
}

function UserRow({ user, self, tier, editing, sites, onEdit, onCancel, onSave, onToggleDisabled, onUnlock, onDelete }: RowProps) {
  const columns = tier === 'cloud' ? 7 : 6
  if (editing) {
    return (
      <tr data-user={user.username} class="editing">
        <td colSpan={columns}>
          <strong>{user.username}</strong>
          <UserForm user={user} tier={tier} sites={sites} onSubmit={onSave} onCancel={onCancel} />
        </td>
      </tr>
    )
  }

  let siteText = user.sites.join(', ')
  if (user.role === 'admin') siteText = t('users.allSites')
  return (
    <tr data-user={user.username}>
      <td>{user.username}{self ? <span class="muted"> ({t('users.you')})</span> : null}</td>
      <td>{user.displayName}</td>
      <td data-testid="user-role">{t(`users.roleNames.${user.role}`)}</td>
      <td>{t(user.recordScope === 'own' ? 'users.scopeOwn' : 'users.scopeAll')}</td>
      {tier === 'cloud' ? <td data-testid="user-sites">{siteText}</td> : null}
      <td data-testid="user-status">
        {user.disabled ? <span class="badge">{t('users.disabled')}</span> : t('users.active')}
        {user.locked ? <span class="badge locked">{t('users.locked')}</span> : null}
      </td>
      <td>
        <div class="user-actions">
          <button type="button" aria-label={`${t('users.edit')} ${user.username}`} onClick={onEdit}>{t('users.edit')}</button>
        <button type="button" aria-label={`${t(user.disabled ? 'users.enable' : 'users.disable')} ${user.username}`} onClick={onToggleDisabled}>
          {t(user.disabled ? 'users.enable' : 'users.disable')}
        </button>
        {user.locked ? <button type="button" aria-label={`${t('users.unlock')} ${user.username}`} onClick={onUnlock}>{t('users.unlock')}</button> : null}
        <button type="button" class="danger" aria-label={`${t('users.delete')} ${user.username}`} onClick={onDelete}>{t('users.delete')}</button>
        </div>
      </td>
    </tr>
  )
}
