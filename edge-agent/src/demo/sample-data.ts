import fs from 'node:fs'
import path from 'node:path'
import Papa from 'papaparse'
import { validateRecord, type EntityType, type RecordDoc } from '@enclave/shared'
import type { AuditEntryInput } from '../audit/audit-hash'
import type { AuditLog } from '../audit/audit-log'
import type { RecordStore } from '../records/record-store'

/** A row of a sample file with invalid values; it is reported, never dropped silently. */
export interface RowProblem {
  file: string
  /** 1-based line number in the file, counting the header as line 1. */
  line: number
  errors: string[]
}

export interface SampleLoadReport {
  created: Record<EntityType, number>
  /** Rows loaded without their invalid fields (a phone number with too few digits, say). */
  partial: RowProblem[]
  /** Rows not loaded, because a required field was invalid or missing. */
  rejected: RowProblem[]
}

const WRITE_BATCH = 1000
/** Actor of the sample load's record writes and of its audit entry. */
const SAMPLE_ACTOR = 'sample-data'

function readCsv(file: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  })
  return parsed.data
}

/** Matches names case- and space-insensitively: "GTXPro" finds "GTX Pro". */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '')
}

/** `20-10-16` (day-month-two-digit-year, as in the sales pipeline) to `2016-10-20`. */
function fromDayMonthShortYear(value: string): string | undefined {
  const match = /^(\d{2})-(\d{2})-(\d{2})$/.exec(value.trim())
  return match ? `20${match[3]}-${match[2]}-${match[1]}` : undefined
}

/** `26-08-2020` or `2020-08-26` to `2020-08-26`. */
function toIsoDate(value: string): string | undefined {
  const trimmed = value.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed
  const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(trimmed)
  return match ? `${match[3]}-${match[2]}-${match[1]}` : undefined
}

function withoutEmpty(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== ''))
}

class SampleLoader {
  readonly report: SampleLoadReport = {
    created: { contact: 0, company: 0, deal: 0, activity: 0, ticket: 0, segment: 0, campaign: 0 },
    partial: [],
    rejected: [],
  }
  private pending: RecordDoc[] = []
  private pendingType: EntityType | undefined

  constructor(private readonly store: RecordStore) {}

  /**
   * Validates one row's values and queues the record. A row with invalid optional fields is
   * loaded without them and reported as partial; returns the new id, or undefined if rejected.
   */
  add(type: EntityType, input: Record<string, unknown>, file: string, line: number): string | undefined {
    const values = withoutEmpty(input)
    let result = validateRecord(type, values, { defaultCountry: 'US' })
    if (!result.ok) {
      const errors = result.errors.map((error) => error.message)
      for (const error of result.errors) delete values[error.field]
      result = validateRecord(type, values, { defaultCountry: 'US' })
      if (!result.ok) {
        this.report.rejected.push({ file, line, errors })
        return undefined
      }
      this.report.partial.push({ file, line, errors })
    }
    const doc = this.store.buildNew(type, result.value)
    this.pending.push(doc)
    this.pendingType = type
    return doc._id
  }

  async flushIfFull(): Promise<void> {
    if (this.pending.length >= WRITE_BATCH) await this.flush()
  }

  async flush(): Promise<void> {
    if (!this.pendingType || this.pending.length === 0) return
    const { saved, failed } = await this.store.createMany(this.pendingType, this.pending, { actor: SAMPLE_ACTOR })
    this.report.created[this.pendingType] += saved.length
    for (const failure of failed) {
      this.report.rejected.push({ file: 'database', line: 0, errors: [failure.message] })
    }
    this.pending = []
  }
}

function findCompany(companies: Map<string, string>, name: string | undefined): string | undefined {
  return name ? companies.get(nameKey(name)) : undefined
}

async function loadAccounts(loader: SampleLoader, dir: string, companies: Map<string, string>) {
  const file = path.join(dir, 'crm-sales', 'accounts.csv')
  const rows = readCsv(file)
  const parents: [string, string][] = []

  rows.forEach((row, index) => {
    const revenueMillions = Number(row.revenue)
    const id = loader.add('company', {
      name: row.account,
      sector: row.sector,
      yearEstablished: row.year_established ? Number(row.year_established) : undefined,
      // The sample gives revenue in millions of US dollars.
      revenue: Number.isFinite(revenueMillions) ? Math.round(revenueMillions * 1_000_000) : undefined,
      employees: row.employees ? Number(row.employees) : undefined,
      country: row.office_location,
    }, file, index + 2)
    if (id && row.account) companies.set(nameKey(row.account), id)
    if (id && row.subsidiary_of) parents.push([id, row.subsidiary_of])
  })
  await loader.flush()
  return parents
}

async function linkParentCompanies(store: RecordStore, parents: [string, string][], companies: Map<string, string>) {
  for (const [id, parentName] of parents) {
    const parentId = findCompany(companies, parentName)
    if (parentId) await store.update('company', id, { parentCompanyId: parentId }, { actor: SAMPLE_ACTOR })
  }
}

async function loadPipeline(loader: SampleLoader, dir: string, companies: Map<string, string>) {
  const file = path.join(dir, 'crm-sales', 'sales_pipeline.csv')
  const prices = new Map(readCsv(path.join(dir, 'crm-sales', 'products.csv')).map((p) => [nameKey(p.product ?? ''), p]))
  const rows = readCsv(file)

  for (const [index, row] of rows.entries()) {
    const product = prices.get(nameKey(row.product ?? ''))
    const productName = product?.product ?? row.product
    const closeValue = row.close_value ? Number(row.close_value) : undefined
    // Open deals have no close value yet; their expected amount is the product's list price.
    const amount = closeValue ?? (product ? Number(product.sales_price) : undefined)
    loader.add('deal', {
      title: `${productName} for ${row.account || 'an unnamed account'}`,
      externalId: row.opportunity_id,
      agent: row.sales_agent,
      product: productName,
      companyId: findCompany(companies, row.account),
      stage: row.deal_stage,
      pipeline: 'Hardware',
      amount,
      currency: 'USD',
      engageDate: row.engage_date ? (fromDayMonthShortYear(row.engage_date) ?? row.engage_date) : undefined,
      closeDate: row.close_date ? (fromDayMonthShortYear(row.close_date) ?? row.close_date) : undefined,
    }, file, index + 2)
    await loader.flushIfFull()
  }
  await loader.flush()
}

async function loadCustomers(loader: SampleLoader, dir: string, companies: Map<string, string>) {
  const file = path.join(dir, 'customers', 'customers-10000.csv')
  const rows = readCsv(file)

  for (const [index, row] of rows.entries()) {
    const name = row.Company?.trim()
    if (name && !companies.has(nameKey(name))) {
      const id = loader.add('company', { name, website: row.Website }, file, index + 2)
      if (id) companies.set(nameKey(name), id)
    }
    await loader.flushIfFull()
  }
  await loader.flush()

  for (const [index, row] of rows.entries()) {
    loader.add('contact', {
      externalId: row['Customer Id'],
      firstName: row['First Name'],
      lastName: row['Last Name'],
      companyId: findCompany(companies, row.Company),
      city: row.City,
      country: row.Country,
      phone: row['Phone 1'],
      phone2: row['Phone 2'],
      email: row.Email,
      subscribedAt: row['Subscription Date'] ? (toIsoDate(row['Subscription Date']) ?? row['Subscription Date']) : undefined,
      website: row.Website,
      lifecycleStage: 'customer',
    }, file, index + 2)
    await loader.flushIfFull()
  }
  await loader.flush()
}

/**
 * Loads the public CRM sample data (companies and deals of the sales pipeline, 10,000 customer
 * contacts) into the record store. Phone numbers without a country code are read as US numbers,
 * as the sample's formats are. Rows that fail validation are reported with their line.
 */
/**
 * Builds the batch-level `import.sample` entry of a sample data load: records created per
 * type and the numbers of partial and rejected rows. Like other import entries, it contains
 * counts only, never values.
 */
export function sampleLoadEntry(report: SampleLoadReport): AuditEntryInput {
  const detail: Record<string, number> = {}
  for (const [type, count] of Object.entries(report.created)) detail[type] = count
  detail.partialRows = report.partial.length
  detail.rejectedRows = report.rejected.length

  return { action: 'import.sample', user: SAMPLE_ACTOR, detail }
}

export interface SampleLoadOptions {
  /** The edge's audit log. When given, the load appends one `import.sample` entry to it. */
  audit?: AuditLog
}

export async function loadSampleData(store: RecordStore, dataDir: string, options: SampleLoadOptions = {}): Promise<SampleLoadReport> {
  const loader = new SampleLoader(store)
  const companies = new Map<string, string>()

  const parents = await loadAccounts(loader, dataDir, companies)
  await linkParentCompanies(store, parents, companies)
  await loadPipeline(loader, dataDir, companies)
  await loadCustomers(loader, dataDir, companies)

  await options.audit?.append(sampleLoadEntry(loader.report))
  return loader.report
}
