import { describe, expect, it } from 'vitest'
import type { EntityType } from '../entities/fields'
import { parseReportFilters } from './report-filters'
import { runReport } from './run-report'
import type { ReportFilters, ReportResult, ReportSource } from './report-types'

const NOW = '2024-06-15T12:00:00.000Z'

const DEALS = [
  { _id: 'deal:1', stage: 'Prospecting', amount: 1000, agent: 'Ana', engageDate: '2024-06-01', pipeline: 'Sales' },
  { _id: 'deal:2', stage: 'Engaging', amount: 2500, agent: 'Bo', engageDate: '2024-03-01', pipeline: 'Sales' },
  { _id: 'deal:3', stage: 'Won', amount: 4000, agent: 'Ana', engageDate: '2024-01-10', closeDate: '2024-02-09', pipeline: 'Sales' },
  { _id: 'deal:4', stage: 'Won', amount: 1500, agent: 'Bo', engageDate: '2024-02-01', closeDate: '2024-03-02', pipeline: 'Partners' },
  { _id: 'deal:5', stage: 'Lost', amount: 800, agent: 'Ana', engageDate: '2024-02-15', closeDate: '2024-03-20', pipeline: 'Sales' },
  { _id: 'deal:6', stage: 'Engaging', agent: 'Ana', engageDate: '2023-10-01', pipeline: 'Sales' },
]

const TICKETS = [
  { _id: 'ticket:1', status: 'new', priority: 'high', slaDueAt: '2024-06-14T00:00:00.000Z', createdAt: '2024-06-10T08:00:00.000Z' },
  { _id: 'ticket:2', status: 'open', priority: 'high', slaDueAt: '2024-06-20T00:00:00.000Z', createdAt: '2024-06-11T08:00:00.000Z' },
  { _id: 'ticket:3', status: 'resolved', priority: 'urgent', slaDueAt: '2024-06-01T00:00:00.000Z', createdAt: '2024-05-01T08:00:00.000Z' },
  { _id: 'ticket:4', status: 'pending', priority: 'low', slaDueAt: '2024-06-15T11:00:00.000Z', createdAt: '2024-06-12T08:00:00.000Z' },
  { _id: 'ticket:5', status: 'closed', createdAt: '2024-04-01T08:00:00.000Z' },
]

const ACTIVITIES = [
  { _id: 'activity:1', kind: 'call', status: 'open', dueAt: '2024-06-10T09:00:00.000Z' },
  { _id: 'activity:2', kind: 'task', status: 'open', dueAt: '2024-06-15T18:00:00.000Z' },
  { _id: 'activity:3', kind: 'email', dueAt: '2024-06-18T09:00:00.000Z' },
  { _id: 'activity:4', kind: 'task', dueAt: '2024-07-30T09:00:00.000Z' },
  { _id: 'activity:5', kind: 'call', status: 'done', dueAt: '2024-06-01T09:00:00.000Z' },
  { _id: 'activity:6', kind: 'meeting', status: 'open' },
  { _id: 'activity:7', kind: 'task', completedAt: '2024-06-02T09:00:00.000Z', dueAt: '2024-06-01T09:00:00.000Z' },
  { _id: 'activity:8', kind: 'task', status: 'open', dueAt: '2024-06-15T08:00:00.000Z' },
]

const CONTACTS = [
  { _id: 'contact:1', country: 'Norway', lifecycleStage: 'customer', createdAt: '2024-01-01T00:00:00.000Z' },
  { _id: 'contact:2', country: 'Norway', lifecycleStage: 'lead', createdAt: '2024-02-01T00:00:00.000Z' },
  { _id: 'contact:3', country: 'China', createdAt: '2024-03-01T00:00:00.000Z' },
  { _id: 'contact:4', lifecycleStage: 'prospect', createdAt: '2024-04-01T00:00:00.000Z' },
]

const RECORDS: Partial<Record<EntityType, Record<string, unknown>[]>> = {
  deal: DEALS,
  ticket: TICKETS,
  activity: ACTIVITIES,
  contact: CONTACTS,
}
const source: ReportSource = { records: (type) => RECORDS[type] ?? [] }

function filters(extra: Partial<ReportFilters> = {}): ReportFilters {
  return { now: NOW, ...extra }
}

/** Returns a series as `{ key: value }`, so that a failure shows every point. */
function pointsOf(result: ReportResult, name: string): Record<string, number> {
  const series = result.series.find((item) => item.name === name)
  if (!series) throw new Error(`no series ${name}`)
  return Object.fromEntries(series.points.map((point) => [point.key, point.value]))
}

describe('runReport pipeline', () => {
  it('counts and sums deals by stage', () => {
    const result = runReport('pipeline', source, filters())
    expect(pointsOf(result, 'count')).toEqual({ Prospecting: 1, Engaging: 2, Won: 2, Lost: 1 })
    expect(pointsOf(result, 'amount')).toEqual({ Prospecting: 1000, Engaging: 2500, Won: 5500, Lost: 800 })
    expect(result.totals).toEqual({ deals: 6, amount: 9800, openAmount: 3500 })
  })

  it('filters by pipeline', () => {
    const result = runReport('pipeline', source, filters({ pipeline: 'partners' }))
    expect(pointsOf(result, 'count')).toEqual({ Prospecting: 0, Engaging: 0, Won: 1, Lost: 0 })
  })

  it('filters by agent as owner', () => {
    const result = runReport('pipeline', source, filters({ owner: 'ana' }))
    expect(pointsOf(result, 'amount')).toEqual({ Prospecting: 1000, Engaging: 0, Won: 4000, Lost: 800 })
  })

  it('filters by engage date range', () => {
    const result = runReport('pipeline', source, filters({ from: '2024-02-01', to: '2024-03-31' }))
    expect(pointsOf(result, 'count')).toEqual({ Prospecting: 0, Engaging: 1, Won: 1, Lost: 1 })
  })
})

describe('runReport won revenue and win rate', () => {
  it('sums won deals by month and agent', () => {
    const result = runReport('won-revenue', source, filters())
    expect(pointsOf(result, 'byMonth')).toEqual({ '2024-02': 4000, '2024-03': 1500 })
    expect(pointsOf(result, 'byAgent')).toEqual({ Ana: 4000, Bo: 1500 })
    expect(result.totals).toEqual({ won: 2, revenue: 5500 })
  })

  it('limits won revenue to the close date range', () => {
    const result = runReport('won-revenue', source, filters({ from: '2024-03-01' }))
    expect(result.totals).toEqual({ won: 1, revenue: 1500 })
  })

  it('computes win rate by month and agent', () => {
    const result = runReport('win-rate', source, filters())
    expect(pointsOf(result, 'byMonth')).toEqual({ '2024-02': 100, '2024-03': 50 })
    expect(pointsOf(result, 'byAgent')).toEqual({ Ana: 50, Bo: 100 })
    expect(result.totals).toEqual({ won: 2, lost: 1, winRate: 66.67 })
  })

  it('reports a zero win rate without closed deals', () => {
    const result = runReport('win-rate', source, filters({ from: '2025-01-01' }))
    expect(result.totals).toEqual({ won: 0, lost: 0, winRate: 0 })
  })
})

describe('runReport deal age', () => {
  it('buckets open deals by days since engaged', () => {
    const result = runReport('deal-age', source, filters())
    expect(pointsOf(result, 'ageBuckets')).toEqual({
      '0-30 days': 1,
      '31-60 days': 0,
      '61-90 days': 0,
      '91-180 days': 1,
      'over 180 days': 1,
    })
    expect(pointsOf(result, 'averageAgeByStage')).toEqual({ Prospecting: 14, Engaging: 182 })
    expect(result.totals).toEqual({ open: 3, averageAge: 126, averageDaysToClose: 30 })
  })
})

describe('runReport tickets', () => {
  it('counts by status, priority and SLA breach', () => {
    const result = runReport('tickets', source, filters())
    expect(pointsOf(result, 'byStatus')).toEqual({ new: 1, open: 1, pending: 1, resolved: 1, closed: 1 })
    expect(pointsOf(result, 'byPriority')).toEqual({ low: 1, normal: 0, high: 2, urgent: 1, '(none)': 1 })
    expect(pointsOf(result, 'slaBreaches')).toEqual({ low: 1, normal: 0, high: 1, urgent: 0 })
    expect(result.totals).toEqual({ tickets: 5, open: 3, slaBreaches: 2 })
  })

  it('limits tickets to the creation range', () => {
    const result = runReport('tickets', source, filters({ from: '2024-06-01' }))
    expect(result.totals).toEqual({ tickets: 3, open: 3, slaBreaches: 2 })
  })
})

describe('runReport activities', () => {
  it('groups open activities by due date and kind', () => {
    const result = runReport('activities', source, filters())
    expect(pointsOf(result, 'byDue')).toEqual({ overdue: 2, today: 1, 'next 7 days': 1, later: 1 })
    expect(pointsOf(result, 'overdueByKind')).toEqual({ call: 1, meeting: 0, email: 0, note: 0, task: 1 })
    expect(pointsOf(result, 'dueByKind')).toEqual({ call: 0, meeting: 0, email: 1, note: 0, task: 2 })
    expect(result.totals).toEqual({ open: 5, overdue: 2 })
  })
})

describe('runReport contacts', () => {
  it('counts by country and lifecycle stage', () => {
    const result = runReport('contacts', source, filters())
    expect(pointsOf(result, 'byCountry')).toEqual({ Norway: 2, China: 1, '(none)': 1 })
    expect(pointsOf(result, 'byLifecycleStage')).toEqual({ lead: 1, prospect: 1, customer: 1, churned: 0, '(none)': 1 })
    expect(result.totals).toEqual({ contacts: 4 })
  })
})

describe('parseReportFilters', () => {
  it('reads dates, owner and pipeline', () => {
    const parsed = parseReportFilters(new URLSearchParams('from=2024-01-01&to=2024-12-31&owner=Ana&pipeline=Sales'), new Date(NOW))
    expect(parsed).toEqual({ from: '2024-01-01', to: '2024-12-31', owner: 'Ana', pipeline: 'Sales', now: NOW })
  })

  it('rejects a date that is not YYYY-MM-DD', () => {
    expect(() => parseReportFilters(new URLSearchParams('from=31/01/2024'))).toThrow(/from is '31\/01\/2024'/)
  })

  it('rejects a range that ends before it starts', () => {
    expect(() => parseReportFilters(new URLSearchParams('from=2024-05-01&to=2024-04-01'))).toThrow(/after to/)
  })
})
