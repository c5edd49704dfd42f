import { describe, expect, it } from 'vitest'
import { LoginLimiter } from './login-limiter'

const limits = { maxAccountFailures: 3, maxAddressFailures: 5, windowSeconds: 60, lockoutSeconds: 120 }

describe('LoginLimiter', () => {
  it('locks an account after the maximum failures', () => {
    let now = 0
    const limiter = new LoginLimiter(limits, () => now)
    limiter.recordFailure('alice', 'a1')
    limiter.recordFailure('alice', 'a2')
    expect(limiter.check('alice', 'a3').allowed).toBe(true)
    expect(limiter.recordFailure('alice', 'a3')).toBe(true)
    expect(limiter.check('alice', 'a4')).toEqual({ allowed: false, scope: 'account', retryAfterSeconds: 120 })

    now = 121_000
    expect(limiter.check('alice', 'a4').allowed).toBe(true)
  })

  it('forgets failures outside the window', () => {
    let now = 0
    const limiter = new LoginLimiter(limits, () => now)
    limiter.recordFailure('bob', 'a')
    limiter.recordFailure('bob', 'a')
    now = 61_000
    expect(limiter.recordFailure('bob', 'a')).toBe(false)
  })

  it('blocks an address across accounts', () => {
    const limiter = new LoginLimiter(limits, () => 0)
    for (let i = 0; i < 5; i++) limiter.recordFailure(`user${i}`, '10.0.0.1')
    expect(limiter.check('fresh', '10.0.0.1')).toMatchObject({ allowed: false, scope: 'address' })
    expect(limiter.check('fresh', '10.0.0.2').allowed).toBe(true)
  })

  it('clears the account count on success', () => {
    const limiter = new LoginLimiter(limits, () => 0)
    limiter.recordFailure('carol', 'a')
    limiter.recordFailure('carol', 'a')
    limiter.recordSuccess('carol')
    expect(limiter.recordFailure('carol', 'a')).toBe(false)
  })

  it('reports a locked account until unlocked', () => {
    const limiter = new LoginLimiter(limits, () => 0)
    for (let i = 0; i < 3; i++) limiter.recordFailure('dave', 'a')
    expect(limiter.isLocked('dave')).toBe(true)
    expect(limiter.isLocked('erin')).toBe(false)
    limiter.unlock('dave')
    expect(limiter.isLocked('dave')).toBe(false)
  })
})
