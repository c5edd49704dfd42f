import { Hono } from 'hono'
import { ApiError, CAMPAIGN_MEMBER_STATUSES, isEntityType, typeOfId, type CampaignMemberStatus, type EntityType, type RecordDoc } from '@enclave/shared'
import { readJsonBody } from '@enclave/shared/http/errors'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { MemberAccess } from '../segments/member-access'
import type { CampaignService } from './campaign-service'

const DEFAULT_PAGE = 50
const MAX_PAGE = 500

function pageParameter(params: URLSearchParams, name: 'limit' | 'offset', fallback: number, max: number): number {
  const raw = params.get(name)
  if (raw === null || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ApiError(400, 'invalid_query', `${name} is '${raw}'; use a whole number from 0 to ${max}`).withParams({ reason: 'whole_number', name, value: raw, max })
  }
  return value
}

function statusParameter(params: URLSearchParams): CampaignMemberStatus | undefined {
  const raw = params.get('status')
  if (!raw) return undefined
  if (!(CAMPAIGN_MEMBER_STATUSES as readonly string[]).includes(raw)) {
    throw new ApiError(400, 'invalid_query', `status is '${raw}'; use one of ${CAMPAIGN_MEMBER_STATUSES.join(', ')}`).withParams({
      reason: 'member_status',
      value: raw,
      options: CAMPAIGN_MEMBER_STATUSES,
    })
  }
  return raw as CampaignMemberStatus
}

/**
 * Campaign work, mounted on `/api`: launch (`POST /campaigns/:id/launch`), progress counts,
 * members with their records and status, and status changes of one member
 * (`PATCH /campaigns/:id/members/:recordId` with `{ status }`). Create, read, update and
 * delete of campaigns are the record routes.
 */
export function campaignRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()

  function service(): CampaignService {
    if (!context.campaigns) throw new ApiError(503, 'unavailable', 'campaigns are starting; retry in a moment')
    return context.campaigns
  }

  async function campaignFor(access: MemberAccess, id: string): Promise<RecordDoc> {
    const campaign = await context.store.get('campaign', id)
    access.checkOwnership(campaign)
    return campaign
  }

  routes.post('/campaigns/:id/launch', async (c) => {
    const access = MemberAccess.of(context, c)
    const campaign = await campaignFor(access, c.req.param('id'))
    const result = await service().launch(campaign, c.get('user')!.id, access.scope)
    await context.audit.append({
      action: 'campaign.launch',
      user: c.get('user')!.id,
      recordIds: [campaign._id],
      detail: { members: result.members, activities: result.activities },
    })
    return c.json(result)
  })

  routes.get('/campaigns/:id/progress', async (c) => {
    const access = MemberAccess.of(context, c)
    const campaign = await campaignFor(access, c.req.param('id'))
    return c.json(await service().progress(campaign))
  })

  routes.get('/campaigns/:id/members', async (c) => {
    const access = MemberAccess.of(context, c)
    const campaign = await campaignFor(access, c.req.param('id'))
    const params = new URL(c.req.url).searchParams
    const page = await service().members.list(campaign._id, {
      status: statusParameter(params),
      limit: pageParameter(params, 'limit', DEFAULT_PAGE, MAX_PAGE) || DEFAULT_PAGE,
      offset: pageParameter(params, 'offset', 0, Number.MAX_SAFE_INTEGER),
      // A campaign launched by someone else can reach records an own-scope owner may not see.
      keep: (member) => access.mayUse(context.store.index.get(member.recordType, member.recordId)),
    })

    const records = page.items.flatMap((member) => {
      const record = context.store.index.get(member.recordType, member.recordId)
      return record ? [record] : []
    })
    const type: EntityType = page.items[0]?.recordType ?? 'contact'
    const shown = new Map((await access.present(c, type, records, { campaign: campaign._id })).map((doc) => [doc._id, doc]))
    const items = page.items.map(({ _rev, ...member }) => ({ ...member, record: shown.get(member.recordId) ?? null }))
    return c.json({ ...page, items })
  })

  routes.patch('/campaigns/:id/members/:recordId', async (c) => {
    const access = MemberAccess.of(context, c)
    const body = (await readJsonBody(c)) as { status?: unknown } | null
    const campaign = await campaignFor(access, c.req.param('id'))
    const recordId = c.req.param('recordId')
    const type = typeOfId(recordId)
    if (!access.mayUse(type && isEntityType(type) ? context.store.index.get(type, recordId) : undefined)) {
      // The same 404 as for a record outside the audience, so it reveals nothing about the record.
      throw new ApiError(404, 'not_found', `'${recordId}' is not a member of campaign '${campaign._id}'`).withParams({ reason: 'member', id: recordId, campaign: campaign._id })
    }
    const member = await service().setMemberStatus(campaign, recordId, body?.status, c.get('user')!.id)
    const { _rev, ...shown } = member
    return c.json(shown)
  })

  return routes
}
