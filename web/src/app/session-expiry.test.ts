import { describe, expect, it } from 'vitest'
import { checkSessionEnded, onSessionEnded } from './session-expiry'

describe('checkSessionEnded', () => {
  function countCalls(path: string, status: number): number {
    let calls = 0
    const stop = onSessionEnded(() => calls++)
    checkSessionEnded(path, status)
    stop()
    return calls
  }

  it('reports a 401 from a record call', () => {
    expect(countCalls('/api/contacts/c1', 401)).toBe(1)
  })

  it('ignores a 401 from an auth route', () => {
    expect(countCalls('/api/auth/login', 401)).toBe(0)
  })

  it('ignores other statuses', () => {
    expect(countCalls('/api/contacts/c1', 403)).toBe(0)
  })

  it('stops after unsubscribe', () => {
    let calls = 0
    const stop = onSessionEnded(() => calls++)
    stop()
    checkSessionEnded('/api/contacts', 401)

    expect(calls).toBe(0)
  })
})
