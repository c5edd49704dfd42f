import type { EntityType } from '../entities/fields'

/** Reports the edge serves, and the cloud where the site's policy syncs the fields they read. */
export const REPORT_IDS = [
  'pipeline',
  'won-revenue',
  'win-rate',
  'deal-age',
  'tickets',
  'activities',
  'contacts',
] as const
export type ReportId = (typeof REPORT_IDS)[number]

export function isReportId(value: unknown): value is ReportId {
  return typeof value === 'string' && (REPORT_IDS as readonly string[]).includes(value)
}

/** Filters every report accepts; a report ignores those that do not apply to its records. */
export interface ReportFilters {
  /** First day included, `YYYY-MM-DD`. */
  from?: string
  /** Last day included, `YYYY-MM-DD`. */
  to?: string
  /** Owner id, or for deals the sales agent's name, compared without regard to case. */
  owner?: string
  /** Deal pipeline name, compared without regard to case. */
  pipeline?: string
  /** Time that "overdue", "breached" and ages are measured against, ISO 8601. */
  now: string
}

/** Unit of a series' values, so that the UI formats them. */
export type ReportUnit = 'count' | 'money' | 'percent' | 'days'

export interface ReportPoint {
  /** Stable key of the point: a stage, a month `2024-03`, an agent name. */
  key: string
  label: string
  value: number
}

export interface ReportSeries {
  name: string
  label: string
  unit: ReportUnit
  points: ReportPoint[]
}

/** Body of `GET /api/reports/:id`. */
export interface ReportResult {
  report: ReportId
  title: string
  filters: ReportFilters
  series: ReportSeries[]
  /** Headline figures, such as `{ won: 12, lost: 8, winRate: 60 }`. */
  totals: Record<string, number>
}

/** What a report reads: the fields of one type it cannot do without. */
export interface ReportRequirement {
  type: EntityType
  fields: readonly string[]
}

export interface ReportDefinition {
  id: ReportId
  title: string
  description: string
  requires: readonly ReportRequirement[]
}

export const REPORT_DEFINITIONS: Readonly<Record<ReportId, ReportDefinition>> = {
  pipeline: {
    id: 'pipeline',
    title: 'Pipeline by stage',
    description: 'Number and amount of deals in each stage',
    requires: [{ type: 'deal', fields: ['stage', 'amount'] }],
  },
  'won-revenue': {
    id: 'won-revenue',
    title: 'Won revenue',
    description: 'Amount of won deals by month of closing and by sales agent',
    requires: [{ type: 'deal', fields: ['stage', 'amount', 'closeDate'] }],
  },
  'win-rate': {
    id: 'win-rate',
    title: 'Win rate',
    description: 'Won deals as a share of closed deals, by month and by sales agent',
    requires: [{ type: 'deal', fields: ['stage', 'closeDate'] }],
  },
  'deal-age': {
    id: 'deal-age',
    title: 'Deal age',
    description: 'Days since open deals were engaged, and days won deals took to close',
    requires: [{ type: 'deal', fields: ['stage', 'engageDate'] }],
  },
  tickets: {
    id: 'tickets',
    title: 'Tickets',
    description: 'Tickets by status and priority, and open tickets past their SLA due time',
    requires: [{ type: 'ticket', fields: ['status', 'priority', 'slaDueAt'] }],
  },
  activities: {
    id: 'activities',
    title: 'Activities due and overdue',
    description: 'Open activities by due date and kind',
    requires: [{ type: 'activity', fields: ['kind', 'status', 'dueAt'] }],
  },
  contacts: {
    id: 'contacts',
    title: 'Contacts by country and lifecycle stage',
    description: 'Number of contacts in each country and lifecycle stage',
    requires: [{ type: 'contact', fields: ['country', 'lifecycleStage'] }],
  },
}

/** Records a report reads, by type; the edge passes its index, the cloud its site cache. */
export interface ReportSource {
  records(type: EntityType): Iterable<Readonly<Record<string, unknown>>>
}
