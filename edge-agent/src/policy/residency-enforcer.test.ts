import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '@enclave/shared'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { ResidencyEnforcer, type ResidencySync } from './residency-enforcer'

const CLOUD_URL = 'http://127.0.0.1:9'

describe('ResidencyEnforcer, failed purge', () => {
  let edge: TestEdge
  let enforcer: ResidencyEnforcer
  let failure: Error

  beforeAll(async () => {
    edge = await startTestEdge()
    const sync: ResidencySync = {
      cloudUrl: CLOUD_URL,
      ensurePolicyPublished: () => Promise.reject(failure),
      whenPushed: () => Promise.resolve(),
    }
    // The long retry keeps a second attempt from running during the test.
    enforcer = new ResidencyEnforcer(edge.context, edge.context.residency!.attestations, () => sync, { retryMs: 600_000 })
  })

  afterAll(async () => {
    await enforcer?.stop()
    await edge?.destroy()
  })

  it('stores the code and params of an API error', async () => {
    failure = new ApiError(502, 'cloud_unreachable', `the cloud at ${CLOUD_URL} could not be reached (fetch failed)`).withParams({ url: CLOUD_URL, detail: 'fetch failed' })
    await enforcer.attestations.setPendingPurge({ policyVersion: 2, requestedAt: new Date().toISOString(), attempts: 0 })

    await expect(enforcer.runPendingPurge()).rejects.toBe(failure)
    const pending = await enforcer.attestations.pendingPurge()

    expect(pending?.attempts).toBe(1)
    expect(pending?.lastErrorCode).toBe('cloud_unreachable')
    expect(pending?.lastErrorParams).toEqual({ url: CLOUD_URL, detail: 'fetch failed' })
  })

  it('drops the code after a plain error', async () => {
    failure = new Error('socket hang up')

    await expect(enforcer.runPendingPurge()).rejects.toBe(failure)
    const pending = await enforcer.attestations.pendingPurge()

    expect(pending?.attempts).toBe(2)
    expect(pending?.lastError).toBe('socket hang up')
    expect(pending?.lastErrorCode).toBeUndefined()
    expect(pending?.lastErrorParams).toBeUndefined()
  })
})
