import { CLOSED_DEAL_STAGES } from '../entities/deal-close'
import { DEAL_STAGES } from '../entities/schemas'
import {
  NONE_KEY,
  Tally,
  dayOf,
  daysBetween,
  inRange,
  matchesOwner,
  numberOf,
  round,
  textOf,
} from './report-scope'
import type { ReportFilters, ReportSeries, ReportSource } from './report-types'

type Doc = Readonly<Record<string, unknown>>
type Figures = { series: ReportSeries[]; totals: Record<string, number> }

/** Upper bounds, in days, of the deal age buckets; older deals go to the last bucket. */
const AGE_BUCKETS = [30, 60, 90, 180] as const

/**
 * Day a deal entered the pipeline: its engage date, else the day it was created.
 */
function engagedOn(deal: Doc): string | undefined {
  return dayOf(deal, 'engageDate') ?? dayOf(deal, 'createdAt')
}

function dealsOf(source: ReportSource, filters: ReportFilters): Doc[] {
  const pipeline = filters.pipeline?.toLowerCase()
  const deals: Doc[] = []
  for (const deal of source.records('deal')) {
    if (!matchesOwner(deal, filters)) continue
    if (pipeline && textOf(deal, 'pipeline')?.toLowerCase() !== pipeline) continue
    deals.push(deal)
  }
  return deals
}

function agentOf(deal: Doc): string {
  return textOf(deal, 'agent') ?? textOf(deal, 'ownerId') ?? NONE_KEY
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : round((part / whole) * 100)
}

/** Counts and sums deals by stage; the date range applies to the day each deal was engaged. */
export function pipelineReport(source: ReportSource, filters: ReportFilters): Figures {
  const stages = new Tally()
  let openAmount = 0
  for (const deal of dealsOf(source, filters)) {
    if (!inRange(engagedOn(deal), filters)) continue
    const stage = textOf(deal, 'stage') ?? NONE_KEY
    const amount = numberOf(deal, 'amount')
    stages.add(stage, amount)
    if (!CLOSED_DEAL_STAGES.includes(stage)) openAmount += amount
  }

  const count = stages.points('counts', DEAL_STAGES)
  const amount = stages.points('sums', DEAL_STAGES)
  return {
    series: [
      { name: 'count', label: 'Deals', unit: 'count', points: count },
      { name: 'amount', label: 'Amount', unit: 'money', points: amount },
    ],
    totals: {
      deals: count.reduce((sum, point) => sum + point.value, 0),
      amount: round(amount.reduce((sum, point) => sum + point.value, 0)),
      openAmount: round(openAmount),
    },
  }
}

/** Sums won deals by month of closing and by agent; the date range applies to the close date. */
export function wonRevenueReport(source: ReportSource, filters: ReportFilters): Figures {
  const byMonth = new Tally()
  const byAgent = new Tally()
  for (const deal of dealsOf(source, filters)) {
    const closed = dayOf(deal, 'closeDate')
    if (textOf(deal, 'stage') !== 'Won' || !closed || !inRange(closed, filters)) continue
    const amount = numberOf(deal, 'amount')
    byMonth.add(closed.slice(0, 7), amount)
    byAgent.add(agentOf(deal), amount)
  }

  const months = byMonth.pointsByKey('sums')
  return {
    series: [
      { name: 'byMonth', label: 'Won revenue by month', unit: 'money', points: months },
      { name: 'byAgent', label: 'Won revenue by agent', unit: 'money', points: byAgent.points('sums') },
    ],
    totals: {
      won: [...byMonth.counts.values()].reduce((sum, count) => sum + count, 0),
      revenue: round(months.reduce((sum, point) => sum + point.value, 0)),
    },
  }
}

/** Won deals as a percentage of won and lost deals, by month of closing and by agent. */
export function winRateReport(source: ReportSource, filters: ReportFilters): Figures {
  const closedByMonth = new Tally()
  const wonByMonth = new Tally()
  const closedByAgent = new Tally()
  const wonByAgent = new Tally()
  for (const deal of dealsOf(source, filters)) {
    const stage = textOf(deal, 'stage') ?? ''
    const closed = dayOf(deal, 'closeDate')
    if (!CLOSED_DEAL_STAGES.includes(stage) || !closed || !inRange(closed, filters)) continue
    const month = closed.slice(0, 7)
    const agent = agentOf(deal)
    closedByMonth.add(month)
    closedByAgent.add(agent)
    if (stage === 'Won') {
      wonByMonth.add(month)
      wonByAgent.add(agent)
    }
  }

  const rate = (won: Tally, closed: Tally, keys: string[]) =>
    keys.map((key) => ({ key, label: key, value: percent(won.counts.get(key) ?? 0, closed.counts.get(key) ?? 0) }))
  const months = [...closedByMonth.counts.keys()].sort()
  const agents = closedByAgent.points('counts').map((point) => point.key)
  const won = [...wonByMonth.counts.values()].reduce((sum, count) => sum + count, 0)
  const closed = [...closedByMonth.counts.values()].reduce((sum, count) => sum + count, 0)
  return {
    series: [
      { name: 'byMonth', label: 'Win rate by month', unit: 'percent', points: rate(wonByMonth, closedByMonth, months) },
      { name: 'byAgent', label: 'Win rate by agent', unit: 'percent', points: rate(wonByAgent, closedByAgent, agents) },
    ],
    totals: { won, lost: closed - won, winRate: percent(won, closed) },
  }
}

function bucketOf(days: number): string {
  const limit = AGE_BUCKETS.find((bound) => days <= bound)
  if (limit === undefined) return `over ${AGE_BUCKETS[AGE_BUCKETS.length - 1]} days`
  const index = AGE_BUCKETS.indexOf(limit)
  const lower = index === 0 ? 0 : AGE_BUCKETS[index - 1]! + 1
  return `${lower}-${limit} days`
}

const BUCKET_ORDER = [...AGE_BUCKETS.map((bound) => bucketOf(bound)), bucketOf(Number.POSITIVE_INFINITY)]

/**
 * Ages of open deals in days since they were engaged, in buckets and on average by stage, and
 * the average days won deals took from engaging to closing. The date range applies to the day
 * each deal was engaged.
 */
export function dealAgeReport(source: ReportSource, filters: ReportFilters): Figures {
  const buckets = new Tally()
  const byStage = new Tally()
  let daysToClose = 0
  let wonMeasured = 0
  for (const deal of dealsOf(source, filters)) {
    const engaged = engagedOn(deal)
    if (!engaged || !inRange(engaged, filters)) continue
    const stage = textOf(deal, 'stage') ?? NONE_KEY
    const closed = dayOf(deal, 'closeDate')
    if (stage === 'Won' && closed) {
      daysToClose += Math.max(0, daysBetween(engaged, closed))
      wonMeasured += 1
    }
    if (CLOSED_DEAL_STAGES.includes(stage)) continue

    const age = Math.max(0, daysBetween(engaged, filters.now))
    buckets.add(bucketOf(age))
    byStage.add(stage, age)
  }

  const openStages = DEAL_STAGES.filter((stage) => !CLOSED_DEAL_STAGES.includes(stage))
  const averages = byStage.points('sums', openStages).map((point) => {
    const count = byStage.counts.get(point.key) ?? 0
    return { ...point, value: count === 0 ? 0 : round(point.value / count) }
  })
  const open = [...buckets.counts.values()].reduce((sum, count) => sum + count, 0)
  const totalAge = [...byStage.sums.values()].reduce((sum, days) => sum + days, 0)
  return {
    series: [
      { name: 'ageBuckets', label: 'Open deals by age', unit: 'count', points: buckets.points('counts', BUCKET_ORDER) },
      { name: 'averageAgeByStage', label: 'Average age by stage', unit: 'days', points: averages },
    ],
    totals: {
      open,
      averageAge: open === 0 ? 0 : round(totalAge / open),
      averageDaysToClose: wonMeasured === 0 ? 0 : round(daysToClose / wonMeasured),
    },
  }
}
