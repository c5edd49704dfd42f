import {
  ApiError,
  CAMPAIGN_MEMBER_STATUSES,
  type CampaignMemberStatus,
  type RecordDoc,
} from '@enclave/shared'
import type { EdgeContext } from '../context'
import type { EdgeWorker } from '../index'
import type { MemberScope } from '../segments/evaluate-segment'
import { CampaignMembers, type CampaignMember } from './campaign-members'
import { campaignProgress, type CampaignProgress } from './campaign-progress'
import { launchCampaign, type LaunchResult } from './launch-campaign'

/** Status changes kept in a member's history; older ones are dropped first. */
const MAX_HISTORY = 50

/** Launches campaigns, tracks their members' status and reports their progress. */
export class CampaignService {
  private readonly launching = new Set<string>()

  constructor(
    private readonly context: EdgeContext,
    readonly members: CampaignMembers,
  ) {}

  /** Launches a campaign; a second launch of the same campaign while one runs is a 409. */
  async launch(campaign: RecordDoc, userId: string, scope: MemberScope): Promise<LaunchResult> {
    if (this.launching.has(campaign._id)) {
      throw new ApiError(409, 'already_launched', `campaign '${campaign._id}' is being launched; wait for that launch to finish`).withParams({ reason: 'launching', id: campaign._id })
    }
    this.launching.add(campaign._id)
    try {
      return await launchCampaign(this.context, campaign, userId, scope)
    } finally {
      this.launching.delete(campaign._id)
    }
  }

  progress(campaign: RecordDoc): Promise<CampaignProgress> {
    return campaignProgress(this.context.store, this.members, campaign)
  }

  /** Sets a member's status and records who changed it and when. */
  async setMemberStatus(campaign: RecordDoc, recordId: string, status: unknown, userId: string): Promise<CampaignMember> {
    if (typeof status !== 'string' || !(CAMPAIGN_MEMBER_STATUSES as readonly string[]).includes(status)) {
      throw new ApiError(400, 'invalid_status', `status is ${JSON.stringify(status ?? null)}; use one of ${CAMPAIGN_MEMBER_STATUSES.join(', ')}`).withParams({
        value: String(JSON.stringify(status ?? null)),
        options: CAMPAIGN_MEMBER_STATUSES,
      })
    }
    if (!campaign.launchedAt) {
      throw new ApiError(409, 'not_launched', `campaign '${campaign._id}' has not been launched, so it has no members yet; launch it first`).withParams({ id: campaign._id })
    }

    for (let attempt = 0; ; attempt++) {
      const member = await this.members.get(campaign._id, recordId)
      if (!member) {
        throw new ApiError(404, 'not_found', `'${recordId}' is not a member of campaign '${campaign._id}'`).withParams({ reason: 'member', id: recordId, campaign: campaign._id })
      }
      if (member.status === status) return member

      const at = new Date().toISOString()
      const next: CampaignMember = {
        ...member,
        status: status as CampaignMemberStatus,
        statusAt: at,
        history: [...member.history, { status: status as CampaignMemberStatus, at, user: userId }].slice(-MAX_HISTORY),
      }
      try {
        const saved = await this.members.put(next)
        if (status === 'opted_out') await this.cancelOpenActivities(saved, userId)
        return saved
      } catch (error) {
        // Another change to the same member got in first; read it again and reapply.
        if ((error as { status?: number }).status !== 409 || attempt >= 3) throw error
      }
    }
  }

  /**
   * Deletes the campaign's open activities for a member who opted out, so that nobody calls
   * them again. Done activities stay as the record of what happened.
   */
  private async cancelOpenActivities(member: CampaignMember, userId: string): Promise<void> {
    const { store } = this.context
    let cancelled = 0
    for (const id of member.activityIds) {
      const activity = id === null ? undefined : store.index.get('activity', id)
      if (!activity || activity.status === 'done' || typeof activity.completedAt === 'string') continue
      await store.remove('activity', activity._id, { actor: userId })
      cancelled += 1
    }
    if (cancelled > 0) this.context.logger.info({ campaignId: member.campaignId, cancelled }, 'open campaign activities cancelled after opt-out')
  }
}

/**
 * Opens the campaign members database and sets `context.campaigns`. Deleting a campaign
 * deletes its members.
 */
export function startCampaigns(context: EdgeContext): EdgeWorker {
  const members = CampaignMembers.open(context.config.dataDir)
  context.campaigns = new CampaignService(context, members)
  const pending = new Set<Promise<unknown>>()

  const unsubscribe = context.store.onChange((event) => {
    if (event.type !== 'campaign' || event.action !== 'delete') return
    const removal = members
      .removeAll(event.id)
      .then((count) => context.logger.info({ campaignId: event.id, members: count }, 'campaign members removed'))
      .catch((error: unknown) => context.logger.error({ err: error, campaignId: event.id }, 'removing campaign members failed'))
      .finally(() => pending.delete(removal))
    pending.add(removal)
  })

  return {
    name: 'campaigns',
    async stop() {
      unsubscribe()
      await Promise.all(pending)
      await members.close()
    },
  }
}
