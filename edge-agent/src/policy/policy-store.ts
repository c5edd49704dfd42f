import { DEFAULT_POLICY, type ResidencyPolicy } from '@enclave/shared'
import { EventEmitter } from 'node:events'
import type { Database } from '../storage/pouch'

const CURRENT_POLICY_ID = 'policy:current'

interface StoredPolicy {
  _id: string
  _rev?: string
  policy: ResidencyPolicy
}

/**
 * The site's residency policy: the current version is cached in memory, since the projector
 * reads it for every document. Listeners hear about every new version.
 */
export class PolicyStore {
  private current: ResidencyPolicy = DEFAULT_POLICY
  private readonly events = new EventEmitter()

  constructor(private readonly meta: Database) {}

  async open(): Promise<void> {
    try {
      const stored = (await this.meta.get(CURRENT_POLICY_ID)) as unknown as StoredPolicy
      this.current = stored.policy
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error
      this.current = DEFAULT_POLICY
    }
  }

  get(): ResidencyPolicy {
    return this.current
  }

  /** Stores `policy` as the current version and tells listeners. */
  async setCurrent(policy: ResidencyPolicy): Promise<void> {
    let rev: string | undefined
    try {
      rev = ((await this.meta.get(CURRENT_POLICY_ID)) as { _rev: string })._rev
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error
    }
    await this.meta.put({ _id: CURRENT_POLICY_ID, _rev: rev, policy } as never)
    const previous = this.current
    this.current = policy
    this.events.emit('change', policy, previous)
  }

  onChange(listener: (policy: ResidencyPolicy, previous: ResidencyPolicy) => void): () => void {
    this.events.on('change', listener)
    return () => this.events.off('change', listener)
  }
}
