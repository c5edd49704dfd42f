import {
  ACTIVITY_STEP_KINDS,
  ApiError,
  type CampaignStep,
  type EntityType,
  type RecordDoc,
} from '@enclave/shared'
import type { EdgeContext } from '../context'
import { listAllSegmentMembers, segmentDefinitionOf, type MemberScope } from '../segments/evaluate-segment'
import { memberIdOf, type CampaignMember } from './campaign-members'

/** Activities per `createMany` call. */
const ACTIVITY_BATCH = 1000
const DAY_MS = 24 * 60 * 60 * 1000
const MAX_SUBJECT_LENGTH = 300

export interface LaunchResult {
  campaign: RecordDoc
  members: number
  activities: number
}

/** Links an activity to the member it is about: the contact, the company, or the deal and its parties. */
function linksOf(member: RecordDoc): Record<string, string> {
  if (member.type === 'contact') return { contactId: member._id }
  if (member.type === 'company') return { companyId: member._id }
  const links: Record<string, string> = { dealId: member._id }
  if (typeof member.contactId === 'string') links.contactId = member.contactId
  if (typeof member.companyId === 'string') links.companyId = member.companyId
  return links
}

function activityFor(campaign: RecordDoc, step: CampaignStep, member: RecordDoc, launchedAt: number, userId: string): Record<string, unknown> {
  const subject = `${String(campaign.name)}: ${step.subject}`.slice(0, MAX_SUBJECT_LENGTH)
  return {
    kind: step.kind,
    subject,
    status: 'open',
    dueAt: new Date(launchedAt + step.offsetDays * DAY_MS).toISOString(),
    ownerId: member.ownerId ?? campaign.ownerId ?? userId,
    ...linksOf(member),
  }
}

async function audienceOf(context: EdgeContext, campaign: RecordDoc, scope: MemberScope): Promise<{ type: EntityType; records: RecordDoc[] }> {
  const segmentId = campaign.segmentId
  if (typeof segmentId !== 'string') {
    throw new ApiError(422, 'missing_segment', `campaign '${campaign._id}' has no audience; set segmentId to the segment whose members it should reach`).withParams({ reason: 'not_set', id: campaign._id })
  }
  const segment = await context.store.get('segment', segmentId).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) {
      throw new ApiError(422, 'missing_segment', `the audience segment '${segmentId}' no longer exists; choose another segment`).withParams({ reason: 'deleted', segmentId })
    }
    throw error
  })
  const definition = segmentDefinitionOf(segment, (type) => context.store.getCustomFields(type))
  const members = listAllSegmentMembers(context.store, definition, scope)
  if (members.length === 0) {
    throw new ApiError(422, 'empty_audience', `segment '${String(segment.name)}' has no members; change its conditions before launching`).withParams({ segment: String(segment.name) })
  }
  return { type: definition.entityType, records: members }
}

/**
 * Launches a draft campaign and snapshots the members of its segment. Each call and task step
 * gets one open activity per member, due `offsetDays` after the launch and owned by the
 * member's owner. The campaign is then marked active with its launch time and member count.
 *
 * NOTE: the activities and members are written before the campaign is marked active, so a
 * crash in between leaves a draft whose retry creates the activities a second time.
 */
export async function launchCampaign(context: EdgeContext, campaign: RecordDoc, userId: string, scope: MemberScope): Promise<LaunchResult> {
  if (campaign.launchedAt || (campaign.status !== undefined && campaign.status !== 'draft')) {
    throw new ApiError(409, 'already_launched', `campaign '${campaign._id}' is ${String(campaign.status)} since ${String(campaign.launchedAt ?? 'an earlier launch')}; create a new campaign to reach the segment again`).withParams({
      id: campaign._id,
      status: String(campaign.status),
      since: String(campaign.launchedAt ?? 'an earlier launch'),
    })
  }
  const { type: definitionType, records: audience } = await audienceOf(context, campaign, scope)
  const steps = (Array.isArray(campaign.steps) ? campaign.steps : []) as CampaignStep[]
  const launchedAt = Date.now()
  const at = new Date(launchedAt).toISOString()

  const activities: RecordDoc[] = []
  const members: CampaignMember[] = audience.map((record) => {
    const activityIds = steps.map((step) => {
      if (!ACTIVITY_STEP_KINDS.includes(step.kind)) return null
      const activity = context.store.buildNew('activity', activityFor(campaign, step, record, launchedAt, userId))
      activities.push(activity)
      return activity._id
    })
    return {
      _id: memberIdOf(campaign._id, record._id),
      campaignId: campaign._id,
      recordId: record._id,
      recordType: definitionType,
      status: 'pending',
      statusAt: at,
      history: [{ status: 'pending', at, user: userId }],
      activityIds,
    }
  })

  for (let start = 0; start < activities.length; start += ACTIVITY_BATCH) {
    const { failed } = await context.store.createMany('activity', activities.slice(start, start + ACTIVITY_BATCH), { actor: userId })
    if (failed.length > 0) throw new Error(`${failed.length} campaign activities were not written: ${failed[0]!.message}`)
  }
  const campaigns = context.campaigns!
  await campaigns.members.addMany(members)

  const updated = await context.store.update('campaign', campaign._id, { status: 'active', launchedAt: at, memberCount: members.length }, { actor: userId })
  context.logger.info({ campaignId: campaign._id, members: members.length, activities: activities.length }, 'campaign launched')
  return { campaign: updated, members: members.length, activities: activities.length }
}
