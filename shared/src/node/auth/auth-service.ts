import { EventEmitter } from 'node:events'
import type { RecordScope, Role } from '../../auth/index'
import type { Database } from '../pouch'
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from './login-limiter'
import { pouchRevocationStore } from './revocation-store'
import { SessionTokens } from './session-tokens'
import { SetupToken } from './setup-token'
import { UserStore, type UserDoc } from './user-store'

/** The signed-in user as middleware hands it to routes. */
export interface SessionUser {
  id: string
  username: string
  role: Role
  recordScope: RecordScope
  sites: string[]
}

/** Something that happened to an account, for the audit log. Never carries a password. */
export interface AuthEvent {
  action:
    | 'login'
    | 'login_failed'
    | 'login_locked'
    | 'logout'
    | 'setup'
    | 'user_created'
    | 'user_updated'
    | 'user_deleted'
    | 'password_changed'
  /** User who acted; for a failed sign-in, the name that was typed. */
  user: string
  /** Account acted upon, when it differs from `user`. */
  target?: string
  fields?: string[]
  address: string
}

export interface AuthServiceOptions {
  tier: 'edge' | 'cloud'
  /** Database holding users and the session deny list. */
  db: Database
  /** Folder where the setup token file is written. */
  dataDir: string
  signingKey: CryptoKey
  verifyKey: CryptoKey
  limits?: LoginLimits
}

export function toSessionUser(doc: UserDoc): SessionUser {
  return { id: doc._id, username: doc.username, role: doc.role, recordScope: doc.recordScope, sites: doc.sites }
}

/** Accounts, sessions, login limits and first-admin setup for one tier. */
export class AuthService {
  readonly users: UserStore
  readonly tokens: SessionTokens
  readonly limiter: LoginLimiter
  readonly setup: SetupToken
  readonly tier: 'edge' | 'cloud'
  private readonly events = new EventEmitter()

  constructor(options: AuthServiceOptions) {
    this.tier = options.tier
    this.users = new UserStore(options.db)
    this.tokens = new SessionTokens({
      tier: options.tier,
      signingKey: options.signingKey,
      verifyKey: options.verifyKey,
      revocations: pouchRevocationStore(options.db),
    })
    this.limiter = new LoginLimiter(options.limits ?? DEFAULT_LOGIN_LIMITS)
    this.setup = new SetupToken(options.dataDir)
  }

  /**
   * Loads accounts and the deny list. Returns a new setup token when no account exists yet;
   * the caller shows it to the operator.
   */
  async open(): Promise<string | undefined> {
    await Promise.all([this.users.open(), this.tokens.open()])
    return this.users.count() === 0 ? this.setup.generate() : undefined
  }

  onEvent(listener: (event: AuthEvent) => void | Promise<void>): () => void {
    this.events.on('event', listener)
    return () => this.events.off('event', listener)
  }

  emit(event: AuthEvent): void {
    this.events.emit('event', event)
  }
}
