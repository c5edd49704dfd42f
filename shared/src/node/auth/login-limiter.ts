/** Limits for failed sign-ins, counted over a sliding window. */
export interface LoginLimits {
  /** Failures of one account within the window that lock the account. */
  maxAccountFailures: number
  /** Failures from one client address within the window that block the address. */
  maxAddressFailures: number
  windowSeconds: number
  lockoutSeconds: number
}

/**
 * Five wrong passwords in 15 minutes lock an account for 15 minutes; an address gets more room
 * because offices share one address behind NAT.
 */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxAccountFailures: 5,
  maxAddressFailures: 20,
  windowSeconds: 15 * 60,
  lockoutSeconds: 15 * 60,
}

/** Keys tracked before stale ones are dropped, so a flood of made-up names cannot fill memory. */
const MAX_TRACKED_KEYS = 10_000

interface Counter {
  failures: number[]
  lockedUntil: number
}

/** Whether a sign-in may be tried now, and if not, when it may. */
export type LoginGate = { allowed: true } | { allowed: false; scope: 'account' | 'address'; retryAfterSeconds: number }

/**
 * Counts failed sign-ins per account and per client address and locks either one for a while
 * after too many. Accounts are keyed by the name typed, so unknown names are limited as well.
 *
 * NOTE: counters live in memory, so a restart clears lockouts.
 */
export class LoginLimiter {
  private readonly accounts = new Map<string, Counter>()
  private readonly addresses = new Map<string, Counter>()

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Checks whether the account and the address may try a password now. */
  check(account: string, address: string): LoginGate {
    const time = this.now()
    for (const [scope, counter] of [
      ['account', this.accounts.get(account)],
      ['address', this.addresses.get(address)],
    ] as const) {
      if (counter && counter.lockedUntil > time) {
        return { allowed: false, scope, retryAfterSeconds: Math.ceil((counter.lockedUntil - time) / 1000) }
      }
    }
    return { allowed: true }
  }

  /** Counts a failure; returns true when it locked the account or the address. */
  recordFailure(account: string, address: string): boolean {
    const lockedAccount = this.count(this.accounts, account, this.limits.maxAccountFailures)
    const lockedAddress = this.count(this.addresses, address, this.limits.maxAddressFailures)
    return lockedAccount || lockedAddress
  }

  /** Clears the account's failures after a correct password. The address keeps its count. */
  recordSuccess(account: string): void {
    this.accounts.delete(account)
  }

  /** Tells whether the account is locked now. A blocked client address leaves this false. */
  isLocked(account: string): boolean {
    const counter = this.accounts.get(account)
    return counter !== undefined && counter.lockedUntil > this.now()
  }

  /** Lifts a lockout, for an admin who has confirmed the user's identity. */
  unlock(account: string): void {
    this.accounts.delete(account)
  }

  private count(counters: Map<string, Counter>, key: string, max: number): boolean {
    const time = this.now()
    if (counters.size >= MAX_TRACKED_KEYS) this.prune(counters, time)
    const counter = counters.get(key) ?? { failures: [], lockedUntil: 0 }
    counter.failures = counter.failures.filter((at) => at > time - this.limits.windowSeconds * 1000)
    counter.failures.push(time)
    counters.set(key, counter)
    if (counter.failures.length < max) return false

    counter.lockedUntil = time + this.limits.lockoutSeconds * 1000
    counter.failures = []
    return true
  }

  private prune(counters: Map<string, Counter>, time: number): void {
    const windowStart = time - this.limits.windowSeconds * 1000
    for (const [key, counter] of counters) {
      if (counter.lockedUntil <= time && counter.failures.every((at) => at <= windowStart)) counters.delete(key)
    }
  }
}
