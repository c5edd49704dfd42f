import type { EdgeContext } from '../context'
import type { ResidencySync } from './residency-enforcer'

/** Pause between two looks at the replicator while waiting for the push to finish, in ms. */
const PUSH_POLL_MS = 250
/** Maximum wait for reprojected documents to reach the cloud before the purge is retried later. */
const MAX_PUSH_WAIT_MS = 5 * 60_000

/**
 * Returns the sync engine of an enrolled site as the residency enforcer uses it, or undefined
 * while the site is not enrolled. The publish function is the replicator's own, so the policy
 * is published in one place.
 */
export function residencySyncOf(context: EdgeContext): ResidencySync | undefined {
  const service = context.sync
  const replicator = service?.activeReplicator
  if (!service || !replicator) return undefined

  return {
    cloudUrl: replicator.cloudUrl,
    ensurePolicyPublished: () => replicator.ensurePolicyPublished(),
    async whenPushed(signal) {
      await service.drain()
      const deadline = Date.now() + MAX_PUSH_WAIT_MS
      for (;;) {
        signal.throwIfAborted()
        const status = await replicator.status()
        if (status.state === 'connected' && status.pendingPush === 0) return
        if (Date.now() > deadline) {
          throw new Error(`the reprojected documents did not reach the cloud within ${MAX_PUSH_WAIT_MS / 1000} s (state ${status.state}, ${status.pendingPush} pending)`)
        }
        await new Promise((resolve) => setTimeout(resolve, PUSH_POLL_MS))
      }
    },
  }
}
