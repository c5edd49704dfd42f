import {
  DEFAULT_RECORD_SCOPE,
  passwordDetail,
  isRole,
  usernameDetail,
  type RecordScope,
  type Role,
} from '../../auth/index'
import type { ErrorParams } from '../../api'
import { ApiError } from '../../errors'
import type { Database } from '../pouch'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password-hash'

const USER_PREFIX = 'user:'

/** A user account as stored; the password hash never leaves the server. */
/** Fields of a user that `update` changes; anything else in a patch is an error. */
const PATCHABLE_FIELDS = new Set(['role', 'recordScope', 'displayName', 'sites', 'disabled', 'password'])

export interface UserDoc {
  _id: string
  _rev?: string
  kind: 'user'
  username: string
  displayName: string
  role: Role
  recordScope: RecordScope
  /** Sites a cloud user may work on; unused at the edge. Cloud admins reach every site. */
  sites: string[]
  passwordHash: string
  disabled: boolean
  /** Sessions signed in before this time (seconds since the epoch) are no longer valid. */
  sessionsNotBefore: number
  createdAt: string
  updatedAt: string
  /** When an admin deleted the account. The document stays, without its password, to keep the name from reuse. */
  deletedAt?: string
}

/** A user as the API returns it. */
export interface PublicUser {
  id: string
  username: string
  displayName: string
  role: Role
  recordScope: RecordScope
  sites: string[]
  disabled: boolean
  createdAt: string
  updatedAt: string
}

/** Input for a new account. */
export interface NewUser {
  username: unknown
  password: unknown
  role: unknown
  displayName?: unknown
  recordScope?: unknown
  sites?: unknown
}

/** Changes an admin may make to an account. */
export interface UserPatch {
  displayName?: unknown
  role?: unknown
  recordScope?: unknown
  sites?: unknown
  disabled?: unknown
  password?: unknown
}

export function toPublicUser(doc: UserDoc): PublicUser {
  const { _id, username, displayName, role, recordScope, sites, disabled, createdAt, updatedAt } = doc
  return { id: _id, username, displayName, role, recordScope, sites, disabled, createdAt, updatedAt }
}

const MAX_DISPLAY_NAME_LENGTH = 200

/** A rejected field of a user, with the code and params that let a client translate the message. */
interface FieldDetail {
  field: string
  code: string
  message: string
  params: ErrorParams
}

function invalid(detail: FieldDetail): ApiError {
  return new ApiError(422, 'validation_failed', detail.message, [detail]).withParams({ type: 'user' })
}

function readRole(value: unknown): Role {
  if (isRole(value)) return value
  throw invalid({
    field: 'role',
    code: 'invalid_role',
    message: `role '${String(value)}' is invalid; use admin, manager, agent or viewer`,
    params: { value: String(value) },
  })
}

function readScope(value: unknown, role: Role): RecordScope {
  if (value === undefined) return DEFAULT_RECORD_SCOPE[role]
  if (value === 'all' || value === 'own') return value
  throw invalid({
    field: 'recordScope',
    code: 'invalid_record_scope',
    message: `recordScope '${String(value)}' is invalid; use 'all' or 'own'`,
    params: { value: String(value) },
  })
}

function readDisplayName(value: unknown, fallback: string): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || value.length > MAX_DISPLAY_NAME_LENGTH) {
    throw invalid({
      field: 'displayName',
      code: 'invalid_display_name',
      message: `displayName must be text of at most ${MAX_DISPLAY_NAME_LENGTH} characters`,
      params: { max: MAX_DISPLAY_NAME_LENGTH },
    })
  }
  return value.trim() || fallback
}

function readSites(value: unknown): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((site) => typeof site === 'string' && /^[a-z][a-z0-9-]{1,62}$/.test(site))) {
    throw invalid({ field: 'sites', code: 'invalid_sites', message: 'sites must be a list of site ids such as ["site-1"]', params: {} })
  }
  return [...new Set(value as string[])]
}

async function readPassword(value: unknown, username: string): Promise<string> {
  const detail = passwordDetail(value, username, 'password')
  if (detail) throw invalid(detail)
  return hashPassword(value as string)
}

/**
 * User accounts in a PouchDB database (`meta` at the edge, the metadata store at the cloud),
 * one document `user:<username>` each, so the database itself keeps user names unique.
 * All accounts are cached in memory because every request looks its user up.
 *
 * A deleted account keeps its document, marked `deletedAt`. Records, imports and audit entries
 * name their user by id, and the id is the user name, so a new account of that name would take
 * over the deleted one's records and history.
 */
export class UserStore {
  private readonly users = new Map<string, UserDoc>()
  private readonly deleted = new Map<string, UserDoc>()

  constructor(private readonly db: Database) {}

  async open(): Promise<void> {
    const result = await this.db.allDocs({ startkey: USER_PREFIX, endkey: `${USER_PREFIX}\uffff`, include_docs: true })
    for (const row of result.rows) {
      const doc = row.doc as unknown as UserDoc | undefined
      if (doc) (doc.deletedAt ? this.deleted : this.users).set(row.id, doc)
    }
  }

  count(): number {
    return this.users.size
  }

  get(id: string): UserDoc | undefined {
    return this.users.get(id)
  }

  /** Returns a deleted account by id, for showing whose records and history entries those were. */
  getDeleted(id: string): UserDoc | undefined {
    return this.deleted.get(id)
  }

  findByUsername(username: string): UserDoc | undefined {
    return this.users.get(`${USER_PREFIX}${username.toLowerCase()}`)
  }

  list(): PublicUser[] {
    return [...this.users.values()].map(toPublicUser).sort((a, b) => a.username.localeCompare(b.username))
  }

  /** Creates an account after checking the name, the role and the password policy. */
  async create(input: NewUser): Promise<UserDoc> {
    const nameDetail = usernameDetail(input.username, 'username')
    if (nameDetail) throw invalid(nameDetail)
    const username = input.username as string
    if (this.deleted.has(`${USER_PREFIX}${username}`)) {
      throw new ApiError(409, 'username_retired', `the user name '${username}' belonged to a deleted account, whose records and audit entries still carry it; choose another name`).withParams({ username })
    }
    const role = readRole(input.role)
    const doc: UserDoc = {
      _id: `${USER_PREFIX}${username}`,
      kind: 'user',
      username,
      displayName: readDisplayName(input.displayName, username),
      role,
      recordScope: readScope(input.recordScope, role),
      sites: readSites(input.sites),
      passwordHash: await readPassword(input.password, username),
      disabled: false,
      // Older versions removed a deleted account's document, so its name can come back. Sessions
      // of that earlier account must not sign in here.
      sessionsNotBefore: Date.now() / 1000,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    }

    try {
      const response = await this.db.put(doc as never)
      doc._rev = response.rev
    } catch (error) {
      if ((error as { status?: number }).status === 409) {
        throw new ApiError(409, 'user_exists', `a user named '${username}' exists already; choose another name`).withParams({ username })
      }
      throw error
    }
    this.users.set(doc._id, doc)
    return doc
  }

  /** Applies an admin's changes; returns the new document and the names of changed fields. */
  async update(id: string, patch: UserPatch): Promise<{ user: UserDoc; changed: string[] }> {
    const current = this.users.get(id)
    if (!current) throw new ApiError(404, 'not_found', `no user has the id '${id}'`).withParams({ resource: 'user', id })

    const [field] = Object.keys(patch).filter((name) => !PATCHABLE_FIELDS.has(name))
    if (field === 'username') {
      throw invalid({
        field,
        code: 'read_only_field',
        message: `'${field}' cannot be changed because a user name is fixed; create a new user instead`,
        params: { reason: 'username', field },
      })
    }
    if (field !== undefined) {
      const fields = [...PATCHABLE_FIELDS]
      throw invalid({
        field,
        code: 'read_only_field',
        message: `'${field}' cannot be changed; change only ${fields.join(', ')}`,
        params: { field, fields },
      })
    }

    const next: UserDoc = { ...current }
    if (patch.role !== undefined) next.role = readRole(patch.role)
    if (patch.recordScope !== undefined) next.recordScope = readScope(patch.recordScope, next.role)
    if (patch.displayName !== undefined) next.displayName = readDisplayName(patch.displayName, current.username)
    if (patch.sites !== undefined) next.sites = readSites(patch.sites)
    if (patch.disabled !== undefined) {
      if (typeof patch.disabled !== 'boolean') {
        throw invalid({ field: 'disabled', code: 'invalid_disabled', message: 'disabled must be true or false', params: {} })
      }
      next.disabled = patch.disabled
    }
    if (patch.password !== undefined) next.passwordHash = await readPassword(patch.password, current.username)

    const changed = (['role', 'recordScope', 'displayName', 'sites', 'disabled', 'passwordHash'] as const).filter(
      (field) => JSON.stringify(next[field]) !== JSON.stringify(current[field]),
    )
    if (changed.length === 0) return { user: current, changed }

    // A new password or a disabled account ends every session the user had open.
    if (changed.includes('passwordHash') || (changed.includes('disabled') && next.disabled)) {
      next.sessionsNotBefore = Date.now() / 1000
    }
    next.updatedAt = new Date().toISOString()
    const response = await this.db.put(next as never)
    next._rev = response.rev
    this.users.set(id, next)
    return { user: next, changed: changed.map((field) => (field === 'passwordHash' ? 'password' : field)) }
  }

  /**
   * Deletes an account: it can no longer sign in and its sessions end. Its records keep their
   * owner id, and its name stays taken (see the class comment).
   */
  async remove(id: string): Promise<void> {
    const current = this.users.get(id)
    if (!current) throw new ApiError(404, 'not_found', `no user has the id '${id}'`).withParams({ resource: 'user', id })
    const now = new Date().toISOString()
    const tombstone: UserDoc = { ...current, passwordHash: '', disabled: true, sessionsNotBefore: Date.now() / 1000, updatedAt: now, deletedAt: now }
    tombstone._rev = (await this.db.put(tombstone as never)).rev
    this.users.delete(id)
    this.deleted.set(id, tombstone)
  }

  /**
   * Checks a user name and password. Returns the user only when the account exists, is
   * enabled and the password matches; takes the same time for unknown names.
   */
  async authenticate(username: string, password: string): Promise<UserDoc | undefined> {
    const user = this.findByUsername(username)
    if (!user) return verifyAgainstDummy(password).then(() => undefined)
    const matches = await verifyPassword(password, user.passwordHash)
    return matches && !user.disabled ? user : undefined
  }
}
