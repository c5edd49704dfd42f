import type { ErrorParams } from '../api'
import { checkText, excerpt, quote as quoteValue, type ValueCheck } from '../entities/values'

/** Quotes a value for a message; `quote` of the values module cannot take undefined. */
function quote(value: unknown): string {
  return value === undefined ? 'missing' : quoteValue(value)
}

/** Kind of work a campaign step gives the owner: send an email, make a call or do a task. */
export const CAMPAIGN_STEP_KINDS = ['email', 'call', 'task'] as const
export type CampaignStepKind = (typeof CAMPAIGN_STEP_KINDS)[number]

/** Step kinds for which launching a campaign creates one activity per member. */
export const ACTIVITY_STEP_KINDS: readonly CampaignStepKind[] = ['call', 'task']

/** One step of a campaign, due `offsetDays` days after the launch. */
export interface CampaignStep {
  kind: CampaignStepKind
  offsetDays: number
  subject: string
}

/** Status of a member in a campaign. */
export const CAMPAIGN_MEMBER_STATUSES = ['pending', 'contacted', 'responded', 'converted', 'opted_out'] as const
export type CampaignMemberStatus = (typeof CAMPAIGN_MEMBER_STATUSES)[number]

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

export const MAX_CAMPAIGN_STEPS = 20
/** Latest a step may fall after the launch: about ten years. */
export const MAX_STEP_OFFSET_DAYS = 3650

/** Returns a failure whose `params.reason` names the rule the step breaks. */
function invalid(message: string, params: ErrorParams & { reason: string }): ValueCheck {
  return { ok: false, code: 'invalid_steps', message, params }
}

function shown(value: unknown): string {
  return value === undefined ? '' : excerpt(value)
}

function checkStep(raw: unknown, position: number): ValueCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid(`step ${position} is ${quote(raw)}; write { kind, offsetDays, subject }`, { reason: 'not_object', position, value: shown(raw) })
  }
  const { kind, offsetDays = 0, subject, ...rest } = raw as Record<string, unknown>
  const extra = Object.keys(rest)
  if (extra.length > 0) {
    return invalid(`step ${position} has unknown keys ${extra.join(', ')}; use kind, offsetDays and subject`, { reason: 'unknown_keys', position, keys: extra })
  }
  if (typeof kind !== 'string' || !(CAMPAIGN_STEP_KINDS as readonly string[]).includes(kind)) {
    return invalid(`step ${position} has kind ${quote(kind)}; use one of ${CAMPAIGN_STEP_KINDS.join(', ')}`, {
      reason: 'invalid_kind',
      position,
      value: shown(kind),
      options: CAMPAIGN_STEP_KINDS,
    })
  }
  if (typeof offsetDays !== 'number' || !Number.isInteger(offsetDays) || offsetDays < 0 || offsetDays > MAX_STEP_OFFSET_DAYS) {
    return invalid(`step ${position} has offsetDays ${quote(offsetDays)}; use a whole number of days from 0 to ${MAX_STEP_OFFSET_DAYS}`, {
      reason: 'invalid_offset',
      position,
      value: shown(offsetDays),
      max: MAX_STEP_OFFSET_DAYS,
    })
  }
  const text = typeof subject === 'string' ? checkText(subject, 200) : undefined
  if (!text?.ok || text.value === '') {
    return invalid(`step ${position} has subject ${quote(subject)}; give a subject of up to 200 characters`, {
      reason: 'invalid_subject',
      position,
      value: shown(subject),
      max: 200,
    })
  }
  return { ok: true, value: { kind, offsetDays, subject: text.value } }
}

/**
 * Checks the steps of a campaign and returns them sorted by offset, so that the list reads in
 * the order the steps fall due.
 *
 * @example checkCampaignSteps([{ kind: 'call', offsetDays: 3, subject: 'Follow up' }])
 */
export function checkCampaignSteps(raw: unknown): ValueCheck {
  if (!Array.isArray(raw)) return invalid(`${quote(raw)} is not a list of steps`, { reason: 'not_list', value: shown(raw) })
  if (raw.length > MAX_CAMPAIGN_STEPS) {
    return invalid(`${raw.length} steps is more than the maximum of ${MAX_CAMPAIGN_STEPS}`, {
      reason: 'too_many',
      count: raw.length,
      max: MAX_CAMPAIGN_STEPS,
    })
  }

  const steps: CampaignStep[] = []
  for (const [index, item] of raw.entries()) {
    const check = checkStep(item, index + 1)
    if (!check.ok) return check
    steps.push(check.value as CampaignStep)
  }
  steps.sort((a, b) => a.offsetDays - b.offsetDays)
  return { ok: true, value: steps }
}
