import { CAMPAIGN_MEMBER_STATUSES, type CampaignMemberStatus, type CampaignStep, type RecordDoc } from '@enclave/shared'
import type { RecordStore } from '../records/record-store'
import type { CampaignMembers } from './campaign-members'

const DAY_MS = 24 * 60 * 60 * 1000

/** Progress of one step: its activities, how many are done, and how many were deleted. */
export interface StepProgress extends CampaignStep {
  dueAt?: string
  activities: number
  done: number
  /** Activities deleted since the launch, such as those of members who opted out. */
  cancelled: number
}

/** Body of `GET /api/campaigns/:id/progress`. */
export interface CampaignProgress {
  campaignId: string
  status: string
  launchedAt?: string
  members: number
  byStatus: Record<CampaignMemberStatus, number>
  /** Members past `pending` and not opted out, as a percentage of all members. */
  reachedRate: number
  /** Members who responded or converted, as a percentage of all members. */
  responseRate: number
  conversionRate: number
  steps: StepProgress[]
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10000) / 100
}

function isDone(activity: RecordDoc): boolean {
  return activity.status === 'done' || typeof activity.completedAt === 'string'
}

/** Counts members by status and each step's activities done, in one pass over the members. */
export async function campaignProgress(store: RecordStore, members: CampaignMembers, campaign: RecordDoc): Promise<CampaignProgress> {
  const steps = (Array.isArray(campaign.steps) ? campaign.steps : []) as CampaignStep[]
  const byStatus = Object.fromEntries(CAMPAIGN_MEMBER_STATUSES.map((status) => [status, 0])) as Record<CampaignMemberStatus, number>
  const activities = steps.map(() => 0)
  const done = steps.map(() => 0)
  const cancelled = steps.map(() => 0)

  await members.forEach(campaign._id, (member) => {
    byStatus[member.status] += 1
    member.activityIds.forEach((id, position) => {
      if (id === null || position >= steps.length) return
      const activity = store.index.get('activity', id)
      if (!activity) {
        cancelled[position]! += 1
        return
      }
      activities[position]! += 1
      if (isDone(activity)) done[position]! += 1
    })
  })

  const total = CAMPAIGN_MEMBER_STATUSES.reduce((sum, status) => sum + byStatus[status], 0)
  const launchedAt = typeof campaign.launchedAt === 'string' ? campaign.launchedAt : undefined
  return {
    campaignId: campaign._id,
    status: String(campaign.status ?? 'draft'),
    launchedAt,
    members: total,
    byStatus,
    reachedRate: percent(byStatus.contacted + byStatus.responded + byStatus.converted, total),
    responseRate: percent(byStatus.responded + byStatus.converted, total),
    conversionRate: percent(byStatus.converted, total),
    steps: steps.map((step, position) => ({
      ...step,
      dueAt: launchedAt ? new Date(Date.parse(launchedAt) + step.offsetDays * DAY_MS).toISOString() : undefined,
      activities: activities[position]!,
      done: done[position]!,
      cancelled: cancelled[position]!,
    })),
  }
}
