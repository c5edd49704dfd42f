import {
  ApiError,
  checkPolicyDraft,
  diffPolicies,
  type PolicyError,
  type PolicyVersion,
  type PolicyVersionSummary,
  type ResidencyPolicy,
} from '@enclave/shared'
import type { RecordStore } from '../records/record-store'
import type { Database } from '../storage/pouch'
import type { PolicyStore } from './policy-store'

export type { PolicyVersion, PolicyVersionSummary }

const VERSION_PREFIX = 'policy-version:'
/** Version numbers are zero-padded in ids so that `allDocs` lists them in order. */
const VERSION_DIGITS = 10

interface StoredVersion extends PolicyVersion {
  _id: string
  _rev?: string
}

export interface SaveOptions {
  author: string
  note?: string
  /** The version the admin edited; a newer current version makes the save fail with 409. */
  baseVersion?: number
  restoredFrom?: number
}

/** Builds the 422 for a rejected draft: every message in one sentence, each error in details. */
export function invalidPolicyError(errors: PolicyError[]): ApiError {
  const messages = errors.map((error) => error.message).join('; ')
  return new ApiError(422, 'invalid_policy', `the policy has ${errors.length} invalid rule(s): ${messages}`, errors).withParams({ count: errors.length, detail: messages })
}

function versionId(version: number): string {
  return `${VERSION_PREFIX}${String(version).padStart(VERSION_DIGITS, '0')}`
}

function toSummary(stored: PolicyVersion): PolicyVersionSummary {
  const { version, createdAt, author, note, restoredFrom, changes } = stored
  return { version, createdAt, author, note, restoredFrom, changes }
}

/**
 * The history of the site's residency policy: every save is a new version with its author,
 * time and diff against the previous one, stored in the `meta` database. Saving makes the new
 * version current in the PolicyStore and hands its custom fields to the record store.
 */
export class PolicyVersions {
  /** Saves run one at a time, so two admins cannot both create version N + 1. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly meta: Database,
    private readonly policies: PolicyStore,
    private readonly store: Pick<RecordStore, 'setCustomFields'>,
  ) {}

  /** Records the current policy as the first version when there is no history yet. */
  async open(): Promise<void> {
    const current = this.policies.get()
    this.store.setCustomFields(current.customFields ?? {})

    const existing = await this.meta.allDocs({ startkey: VERSION_PREFIX, endkey: `${VERSION_PREFIX}\uffff`, limit: 1 })
    if (existing.rows.length > 0) return
    const first: StoredVersion = {
      _id: versionId(current.version),
      version: current.version,
      createdAt: current.createdAt ?? new Date().toISOString(),
      author: current.author ?? 'system',
      note: current.note ?? 'initial policy',
      changes: [],
      policy: current,
    }
    await this.meta.put(first as never)
  }

  /** Lists every version, newest first, without the policies themselves. */
  async list(): Promise<PolicyVersionSummary[]> {
    const result = await this.meta.allDocs({
      startkey: `${VERSION_PREFIX}\uffff`,
      endkey: VERSION_PREFIX,
      descending: true,
      include_docs: true,
    })
    return result.rows.map((row) => toSummary(row.doc as unknown as PolicyVersion))
  }

  async get(version: number): Promise<PolicyVersion> {
    try {
      const { _id, _rev, ...stored } = (await this.meta.get(versionId(version))) as unknown as StoredVersion
      return stored
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error
      throw new ApiError(404, 'not_found', `policy version ${version} does not exist; list versions at /api/policy/versions`).withParams({ reason: 'policy_version', version })
    }
  }

  /**
   * Checks a draft and saves it as the next version. Throws 422 `invalid_policy` listing every
   * error, 422 `policy_unchanged` when the draft equals the current version, and 409
   * `policy_changed` when `baseVersion` is no longer current.
   */
  save(draftInput: unknown, options: SaveOptions): Promise<PolicyVersion> {
    const run = this.queue.then(() => this.saveNow(draftInput, options))
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Saves a copy of an old version as the next version. */
  async restore(version: number, author: string): Promise<PolicyVersion> {
    const old = await this.get(version)
    const draft = { entities: old.policy.entities, customFields: old.policy.customFields }
    return this.save(draft, { author, note: `restored from version ${version}`, restoredFrom: version })
  }

  private async saveNow(draftInput: unknown, options: SaveOptions): Promise<PolicyVersion> {
    const current = this.policies.get()
    if (options.baseVersion !== undefined && options.baseVersion !== current.version) {
      throw new ApiError(409, 'policy_changed', `the policy changed since version ${options.baseVersion}; it is now version ${current.version}, so reload it and apply your change again`, { currentVersion: current.version }).withParams({
        base: options.baseVersion,
        version: current.version,
      })
    }

    const checked = checkPolicyDraft(draftInput)
    if (!checked.ok) throw invalidPolicyError(checked.errors)

    const policy: ResidencyPolicy = {
      version: current.version + 1,
      entities: checked.draft.entities,
      createdAt: new Date().toISOString(),
      author: options.author,
    }
    if (checked.draft.customFields) policy.customFields = checked.draft.customFields
    if (options.note) policy.note = options.note

    const changes = diffPolicies(current, policy)
    if (changes.length === 0) {
      throw new ApiError(422, 'policy_unchanged', `the draft equals the current version ${current.version}; change a rule before saving`).withParams({ version: current.version })
    }

    const saved: PolicyVersion = {
      version: policy.version,
      createdAt: policy.createdAt as string,
      author: options.author,
      changes,
      policy,
    }
    if (options.note) saved.note = options.note
    if (options.restoredFrom !== undefined) saved.restoredFrom = options.restoredFrom

    await this.meta.put({ _id: versionId(policy.version), ...saved } as never)
    this.store.setCustomFields(policy.customFields ?? {})
    await this.policies.setCurrent(policy)
    return saved
  }
}
