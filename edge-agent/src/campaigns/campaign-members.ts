import {
  CAMPAIGN_MEMBER_STATUSES,
  type CampaignMemberStatus,
  type EntityType,
  type ListPage,
} from '@enclave/shared'
import { openDatabase, type Database } from '../storage/pouch'

/** One record in a campaign's audience, snapshotted when the campaign was launched. */
export interface CampaignMember {
  _id: string
  _rev?: string
  campaignId: string
  recordId: string
  recordType: EntityType
  status: CampaignMemberStatus
  /** When the status last changed, ISO 8601. */
  statusAt: string
  /** Status changes, oldest first, with who made them. */
  history: { status: CampaignMemberStatus; at: string; user: string }[]
  /** Activity created for each step, by step position; null for steps that create none. */
  activityIds: (string | null)[]
}

/** Documents per `bulkDocs` call when a launch writes its members. */
const WRITE_BATCH = 1000
/** Rows per `allDocs` page when members are counted or listed. */
const READ_PAGE = 5000

function prefixOf(campaignId: string): string {
  return `member:${campaignId}:`
}

/** Id of a member document; the same record joins a campaign once. */
export function memberIdOf(campaignId: string, recordId: string): string {
  return `${prefixOf(campaignId)}${recordId}`
}

/**
 * The audiences of launched campaigns, kept in their own database (`campaign-members`) rather
 * than in `records`. A campaign of 100k contacts is 100k small documents that change one at a
 * time, and they are working state of the site that is never projected or synced.
 */
export class CampaignMembers {
  constructor(readonly db: Database) {}

  static open(dataDir: string): CampaignMembers {
    return new CampaignMembers(openDatabase(dataDir, 'campaign-members'))
  }

  async close(): Promise<void> {
    await this.db.close()
  }

  /** Writes new members in batches; a member that already exists is kept as it is. */
  async addMany(members: CampaignMember[]): Promise<number> {
    let written = 0
    for (let start = 0; start < members.length; start += WRITE_BATCH) {
      const results = await this.db.bulkDocs(members.slice(start, start + WRITE_BATCH) as unknown as Record<string, unknown>[])
      written += results.filter((result) => 'ok' in result && result.ok).length
    }
    return written
  }

  async get(campaignId: string, recordId: string): Promise<CampaignMember | undefined> {
    try {
      return (await this.db.get(memberIdOf(campaignId, recordId))) as unknown as CampaignMember
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined
      throw error
    }
  }

  async put(member: CampaignMember): Promise<CampaignMember> {
    const response = await this.db.put(member as unknown as Record<string, unknown> & { _id: string })
    return { ...member, _rev: response.rev }
  }

  /** Calls `visit` for every member of a campaign, page by page in id order. */
  async forEach(campaignId: string, visit: (member: CampaignMember) => void): Promise<void> {
    const prefix = prefixOf(campaignId)
    let startkey = prefix
    let skip = 0
    for (;;) {
      const page = await this.db.allDocs({ include_docs: true, startkey, endkey: `${prefix}\ufff0`, limit: READ_PAGE, skip })
      for (const row of page.rows) visit(row.doc as unknown as CampaignMember)
      if (page.rows.length < READ_PAGE) return
      startkey = page.rows[page.rows.length - 1]!.id
      skip = 1
    }
  }

  /** Lists members, optionally of one status and only those `keep` accepts, in id order. */
  async list(
    campaignId: string,
    options: { status?: CampaignMemberStatus; limit: number; offset: number; keep?: (member: CampaignMember) => boolean },
  ): Promise<ListPage<CampaignMember>> {
    const matching: CampaignMember[] = []
    await this.forEach(campaignId, (member) => {
      if ((!options.status || member.status === options.status) && (!options.keep || options.keep(member))) matching.push(member)
    })
    return { items: matching.slice(options.offset, options.offset + options.limit), total: matching.length, limit: options.limit, offset: options.offset }
  }

  /** Counts members by status; every status is present, with 0 where none has it. */
  async countByStatus(campaignId: string): Promise<Record<CampaignMemberStatus, number>> {
    const counts = Object.fromEntries(CAMPAIGN_MEMBER_STATUSES.map((status) => [status, 0])) as Record<CampaignMemberStatus, number>
    await this.forEach(campaignId, (member) => {
      counts[member.status] += 1
    })
    return counts
  }

  /**
   * Lists the memberships of one record in every campaign. Member ids start with the campaign
   * id, so this reads every member document of the site, a page at a time.
   */
  async ofRecord(recordId: string): Promise<CampaignMember[]> {
    const found: CampaignMember[] = []
    let startkey = 'member:'
    let skip = 0
    for (;;) {
      const page = await this.db.allDocs({ include_docs: true, startkey, endkey: 'member:\ufff0', limit: READ_PAGE, skip })
      for (const row of page.rows) {
        const member = row.doc as unknown as CampaignMember
        if (member.recordId === recordId) found.push(member)
      }
      if (page.rows.length < READ_PAGE) return found
      startkey = page.rows[page.rows.length - 1]!.id
      skip = 1
    }
  }

  /** Deletes a record's memberships in every campaign, as an erasure does. Returns how many. */
  async removeRecord(recordId: string): Promise<number> {
    const memberships = await this.ofRecord(recordId)
    if (memberships.length === 0) return 0
    await this.db.bulkDocs(memberships.map((member) => ({ _id: member._id, _rev: member._rev!, _deleted: true })))
    return memberships.length
  }

  /** Deletes every member of a campaign, such as when the campaign itself is deleted. */
  async removeAll(campaignId: string): Promise<number> {
    const tombstones: { _id: string; _rev: string; _deleted: true }[] = []
    await this.forEach(campaignId, (member) => tombstones.push({ _id: member._id, _rev: member._rev!, _deleted: true }))
    for (let start = 0; start < tombstones.length; start += WRITE_BATCH) {
      await this.db.bulkDocs(tombstones.slice(start, start + WRITE_BATCH))
    }
    return tombstones.length
  }
}
