import { ACTIVITY_KINDS, LIFECYCLE_STAGES, TICKET_PRIORITIES, TICKET_STATUSES } from '../entities/schemas'
import { NONE_KEY, Tally, dayOf, inRange, matchesOwner, textOf, topPoints } from './report-scope'
import type { ReportFilters, ReportSeries, ReportSource } from './report-types'

type Figures = { series: ReportSeries[]; totals: Record<string, number> }

const DONE_TICKET_STATUSES = ['resolved', 'closed']
/** Countries shown one by one before the rest are summed as `Other`. */
const MAX_COUNTRIES = 20
const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Tickets by status and by priority, and open tickets whose SLA due time has passed, by
 * priority. The date range applies to the day each ticket was created.
 */
export function ticketReport(source: ReportSource, filters: ReportFilters): Figures {
  const byStatus = new Tally()
  const byPriority = new Tally()
  const breaches = new Tally()
  let open = 0
  for (const ticket of source.records('ticket')) {
    if (!matchesOwner(ticket, filters) || !inRange(dayOf(ticket, 'createdAt'), filters)) continue
    const status = textOf(ticket, 'status') ?? NONE_KEY
    const priority = textOf(ticket, 'priority') ?? NONE_KEY
    byStatus.add(status)
    byPriority.add(priority)
    if (DONE_TICKET_STATUSES.includes(status)) continue

    open += 1
    const due = textOf(ticket, 'slaDueAt')
    if (due && due < filters.now) breaches.add(priority)
  }

  const breached = [...breaches.counts.values()].reduce((sum, count) => sum + count, 0)
  return {
    series: [
      { name: 'byStatus', label: 'Tickets by status', unit: 'count', points: byStatus.points('counts', TICKET_STATUSES) },
      { name: 'byPriority', label: 'Tickets by priority', unit: 'count', points: byPriority.points('counts', TICKET_PRIORITIES) },
      { name: 'slaBreaches', label: 'Open tickets past SLA by priority', unit: 'count', points: breaches.points('counts', TICKET_PRIORITIES) },
    ],
    totals: { tickets: [...byStatus.counts.values()].reduce((sum, count) => sum + count, 0), open, slaBreaches: breached },
  }
}

/** Position of a due time against now: overdue, today, within 7 days, or later. */
function dueBucket(dueAt: string, now: string): string {
  if (dueAt < now) return 'overdue'
  const today = now.slice(0, 10)
  if (dueAt.slice(0, 10) === today) return 'today'
  return Date.parse(dueAt) - Date.parse(now) <= 7 * DAY_MS ? 'next 7 days' : 'later'
}

/**
 * Open activities with a due time, by when they fall due (overdue, today, next 7 days, later)
 * and, for due and overdue ones, by kind. The date range applies to the due day.
 */
export function activityReport(source: ReportSource, filters: ReportFilters): Figures {
  const byDue = new Tally()
  const dueByKind = new Tally()
  const overdueByKind = new Tally()
  for (const activity of source.records('activity')) {
    if (textOf(activity, 'status') === 'done' || textOf(activity, 'completedAt')) continue
    const dueAt = textOf(activity, 'dueAt')
    if (!dueAt || !matchesOwner(activity, filters) || !inRange(dueAt.slice(0, 10), filters)) continue
    const bucket = dueBucket(dueAt, filters.now)
    const kind = textOf(activity, 'kind') ?? NONE_KEY
    byDue.add(bucket)
    if (bucket === 'overdue') overdueByKind.add(kind)
    else dueByKind.add(kind)
  }

  return {
    series: [
      { name: 'byDue', label: 'Open activities by due date', unit: 'count', points: byDue.points('counts', ['overdue', 'today', 'next 7 days', 'later']) },
      { name: 'dueByKind', label: 'Due by kind', unit: 'count', points: dueByKind.points('counts', ACTIVITY_KINDS) },
      { name: 'overdueByKind', label: 'Overdue by kind', unit: 'count', points: overdueByKind.points('counts', ACTIVITY_KINDS) },
    ],
    totals: {
      open: [...byDue.counts.values()].reduce((sum, count) => sum + count, 0),
      overdue: byDue.counts.get('overdue') ?? 0,
    },
  }
}

/** Contacts by country (the largest 20, then `Other`) and by lifecycle stage; the range applies to creation. */
export function contactReport(source: ReportSource, filters: ReportFilters): Figures {
  const byCountry = new Tally()
  const byStage = new Tally()
  for (const contact of source.records('contact')) {
    if (!matchesOwner(contact, filters) || !inRange(dayOf(contact, 'createdAt'), filters)) continue
    byCountry.add(textOf(contact, 'country') ?? NONE_KEY)
    byStage.add(textOf(contact, 'lifecycleStage') ?? NONE_KEY)
  }

  return {
    series: [
      { name: 'byCountry', label: 'Contacts by country', unit: 'count', points: topPoints(byCountry.points('counts'), MAX_COUNTRIES) },
      { name: 'byLifecycleStage', label: 'Contacts by lifecycle stage', unit: 'count', points: byStage.points('counts', LIFECYCLE_STAGES) },
    ],
    totals: { contacts: [...byStage.counts.values()].reduce((sum, count) => sum + count, 0) },
  }
}
