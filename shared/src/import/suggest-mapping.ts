import type { EntityType, FieldDef } from '../entities/fields'
import { checkEmail } from '../entities/values'
import { detectDateFormat, isDateShaped, type DateFormatDetection } from './date-format'
import { fieldForHeader } from './header-aliases'
import { importTargets, type ImportTarget } from './import-fields'
import type { ColumnMapping } from './mapping'

/** A suggested target for one column, with the evidence behind it. */
export interface ColumnSuggestion extends ColumnMapping {
  /** `header` when the column name matched, `content` when the values did, `none` otherwise. */
  reason: 'header' | 'content' | 'none'
  /** For date columns: the detected format, or the candidates the user must choose from. */
  dateDetection?: DateFormatDetection
}

/** Share of non-empty sample values that must look alike for content to decide a column. */
const CONTENT_THRESHOLD = 0.8

const URL_LIKE = /^(https?:\/\/|www\.)\S+$/i
const PHONE_LIKE = /^\+?[\d\s().\-/]{7,}(\s*(x|ext\.?|#)\s*\d+)?$/i

function shareMatching(values: readonly string[], test: (value: string) => boolean): number {
  if (values.length === 0) return 0
  return values.filter(test).length / values.length
}

/** Returns whether a value reads as a phone number. A date such as `31/02/2000` has the digits of one but is not. */
function looksLikePhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length
  return PHONE_LIKE.test(value) && digits >= 7 && digits <= 18 && !isDateShaped(value)
}

/** Returns the first free date or date-time field, preferring one that is not personal data. */
function firstFreeDateField(targets: ReadonlyMap<string, ImportTarget>, free: (field: string) => boolean): string | undefined {
  const dateFields = [...targets.values()].flatMap((target) =>
    !target.virtual && (target.field.kind === 'date' || target.field.kind === 'datetime') && free(target.field.name) ? [target.field] : [],
  )
  return (dateFields.find((field) => !field.pii) ?? dateFields[0])?.name
}

function contentField(values: readonly string[], targets: ReadonlyMap<string, ImportTarget>, free: (field: string) => boolean): string | undefined {
  if (values.length === 0) return undefined
  if (shareMatching(values, (value) => checkEmail(value).ok) >= CONTENT_THRESHOLD && free('email')) return 'email'
  if (shareMatching(values, (value) => URL_LIKE.test(value)) >= CONTENT_THRESHOLD && free('website')) return 'website'
  if (shareMatching(values, isDateShaped) >= CONTENT_THRESHOLD) return firstFreeDateField(targets, free)
  if (shareMatching(values, looksLikePhone) >= CONTENT_THRESHOLD) {
    if (free('phone')) return 'phone'
    if (free('phone2')) return 'phone2'
  }
  return undefined
}

/**
 * Suggests where each column goes, from its name (English and Chinese aliases) and from its
 * values. A column of email addresses maps to `email` whatever its name says. Each field is
 * suggested for one column at most, so the first `Phone` column wins `phone`.
 *
 * @example suggestMapping('contact', ['邮箱'], [['a@b.com']])[0].field // 'email'
 */
export function suggestMapping(
  type: EntityType,
  headers: readonly string[],
  sampleRows: readonly (readonly string[])[],
  extraFields: readonly FieldDef[] = [],
): ColumnSuggestion[] {
  const targets = importTargets(type, extraFields)
  const samples = headers.map((_, column) =>
    sampleRows.map((row) => (row[column] ?? '').trim()).filter((value) => value !== ''),
  )
  const taken = new Set<string>()
  const free = (field: string) => targets.has(field) && !taken.has(field)
  const suggestions: ColumnSuggestion[] = headers.map((header, column) => ({ column, header, field: null, reason: 'none' }))

  // Content that is unmistakable (emails, web addresses) decides first, then names, then dates and phones.
  for (const suggestion of suggestions) {
    const values = samples[suggestion.column] ?? []
    const byContent = contentField(values, targets, free)
    if (byContent === 'email' || byContent === 'website') {
      suggestion.field = byContent
      suggestion.reason = 'content'
      taken.add(byContent)
    }
  }
  for (const suggestion of suggestions) {
    if (suggestion.field) continue
    const byHeader = fieldForHeader(type, suggestion.header) ?? customFieldForHeader(suggestion.header, extraFields)
    if (byHeader && free(byHeader)) {
      suggestion.field = byHeader
      suggestion.reason = 'header'
      taken.add(byHeader)
    }
  }
  for (const suggestion of suggestions) {
    if (suggestion.field) continue
    const byContent = contentField(samples[suggestion.column] ?? [], targets, free)
    if (byContent) {
      suggestion.field = byContent
      suggestion.reason = 'content'
      taken.add(byContent)
    }
  }

  for (const suggestion of suggestions) {
    const target = suggestion.field ? targets.get(suggestion.field) : undefined
    const kind = target && !target.virtual ? target.field.kind : undefined
    if (kind === 'date' || kind === 'datetime') {
      suggestion.dateDetection = detectDateFormat(samples[suggestion.column] ?? [])
      suggestion.dateFormat = suggestion.dateDetection.format
    }
  }
  return suggestions
}

function customFieldForHeader(header: string, extraFields: readonly FieldDef[]): string | undefined {
  const wanted = header.trim().toLocaleLowerCase('en')
  return extraFields.find((field) => field.label.toLocaleLowerCase('en') === wanted || field.name.toLocaleLowerCase('en') === wanted)?.name
}
