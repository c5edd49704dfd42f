import type { RecordScope, Role } from '@enclave/shared/auth/roles'
import { request } from '../reports/request'
import { forgetUserNames } from '../../app/user-names'

/** A user account as `GET /api/users` returns it. */
export interface UserView {
  id: string
  username: string
  displayName: string
  role: Role
  recordScope: RecordScope
  /** Sites granted at the cloud, empty at the edge. */
  sites: string[]
  disabled: boolean
  /** Whether too many failed sign-ins have locked the account for now. */
  locked: boolean
  createdAt: string
  updatedAt: string
}

/** Fields of a new account. The server checks each one. */
export interface NewUserInput {
  username: string
  password: string
  displayName: string
  role: Role
  recordScope: RecordScope
  sites?: string[]
}

/** Changes to an account that the Users page sends. */
export type UserChanges = Partial<Pick<UserView, 'displayName' | 'role' | 'recordScope' | 'sites' | 'disabled'>> & { password?: string }

const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`

/** Makes owner fields load the names again after a user is created or renamed. */
function afterNameChange(user: UserView): UserView {
  forgetUserNames()
  return user
}

/** Calls to `/api/users`, the same at the edge and at the cloud. */
export const userApi = {
  list: () => request<{ items: UserView[] }>('GET', '/api/users').then((page) => page.items),
  create: (input: NewUserInput) => request<UserView>('POST', '/api/users', input).then(afterNameChange),
  update: (id: string, changes: UserChanges) => request<UserView>('PATCH', userPath(id), changes).then(afterNameChange),
  remove: (id: string) => request<void>('DELETE', userPath(id)),
  unlock: (id: string) => request<UserView>('POST', `${userPath(id)}/unlock`, {}),
  /** Changes the signed-in user's password. Its errors keep the per-field details. */
  changePassword: (currentPassword: string, newPassword: string) =>
    request<unknown>('POST', '/api/auth/password', { currentPassword, newPassword }),
}
