import type { FieldRejection } from './merge-incoming'

/**
 * Key of the projected document that contains the site's notice of the cloud changes it
 * rejected. Only the edge writes it, and the next projection of the record replaces or drops it.
 */
export const REJECTION_NOTICE_KEY = 'syncRejection'

/** Reason code of a rejected field change in a notice. */
export type RejectionCode = 'missing_stamp' | 'not_cloud_writable' | 'invalid_value' | 'withheld'

/**
 * English reason of each code. The texts are fixed, so a notice never carries a value: the
 * merger's own reason for an invalid value quotes the value, and is not copied.
 */
export const REJECTION_REASONS: Readonly<Record<RejectionCode, string>> = {
  missing_stamp: 'changed without a modification stamp',
  not_cloud_writable: 'field is not cloud-writable under the current policy',
  invalid_value: 'invalid value',
  withheld: 'field is kept on site under the current policy',
}

/** One rejected change in a notice. */
export interface RejectionNoticeEntry {
  /** The rejected field, absent for fields that the policy keeps on site. */
  field?: string
  code: RejectionCode
  reason: string
  /** The cloud user who made the change, when `editedBy` names exactly one. */
  editor?: string
}

/** The site's notice of cloud changes it rejected in one merge of a record. */
export interface RejectionNotice {
  /** Time of the rejection, as an ISO 8601 UTC timestamp. */
  at: string
  changes: RejectionNoticeEntry[]
}

/** User id of a remote user, as `editedBy` names it. */
export const EDITOR_ID = /^user:[a-z0-9][a-z0-9._-]{1,63}$/

const ISO_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/
const ENTRY_KEYS = new Set(['field', 'code', 'reason', 'editor'])

function noticeCode(rejection: FieldRejection): RejectionCode {
  switch (rejection.code) {
    case 'missing_stamp':
    case 'invalid_value':
      return rejection.code
    default:
      return 'not_cloud_writable'
  }
}

function validEditor(editor: string | undefined): string | undefined {
  return editor !== undefined && EDITOR_ID.test(editor) ? editor : undefined
}

/**
 * Builds the notice of a merge's rejected field changes, or undefined when there are none.
 * A field outside `sharedFields` (the fields the policy lets leave the site) is not named: all
 * such fields become one `withheld` entry. Each named field appears once, with its first reason.
 */
export function buildRejectionNotice(
  rejected: readonly FieldRejection[],
  sharedFields: ReadonlySet<string>,
  editorOf: (field: string) => string | undefined,
  at: string,
): RejectionNotice | undefined {
  const named = new Map<string, RejectionNoticeEntry>()
  const withheldEditors = new Set<string | undefined>()
  for (const rejection of rejected) {
    const editor = validEditor(editorOf(rejection.field))
    if (!sharedFields.has(rejection.field)) {
      withheldEditors.add(editor)
      continue
    }
    if (named.has(rejection.field)) continue
    const code = noticeCode(rejection)
    const entry: RejectionNoticeEntry = { field: rejection.field, code, reason: REJECTION_REASONS[code] }
    if (editor) entry.editor = editor
    named.set(rejection.field, entry)
  }

  const changes = [...named.values()].sort((a, b) => (a.field! < b.field! ? -1 : 1))
  if (withheldEditors.size > 0) {
    const withheld: RejectionNoticeEntry = { code: 'withheld', reason: REJECTION_REASONS.withheld }
    const [onlyEditor] = withheldEditors
    if (withheldEditors.size === 1 && onlyEditor) withheld.editor = onlyEditor
    changes.push(withheld)
  }
  return changes.length > 0 ? { at, changes } : undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function findEntryProblems(entry: unknown, index: number, sharedFields: Readonly<Record<string, unknown>>, seen: Set<string>): string[] {
  const where = `changes[${index}]`
  if (!isPlainObject(entry)) return [`${where} must be an object`]
  const problems: string[] = []
  for (const key of Object.keys(entry)) if (!ENTRY_KEYS.has(key)) problems.push(`${where} carries the unknown key '${key}'`)

  const code = entry.code
  if (typeof code !== 'string' || !Object.hasOwn(REJECTION_REASONS, code)) {
    problems.push(`${where}.code must be one of ${Object.keys(REJECTION_REASONS).join(', ')}`)
  } else if (entry.reason !== REJECTION_REASONS[code as RejectionCode]) {
    problems.push(`${where}.reason must be the fixed text of code ${code}`)
  }

  const field = entry.field
  const key = field === undefined ? '' : String(field)
  if (code === 'withheld' && field !== undefined) problems.push(`${where} of code withheld may not name a field`)
  if (code !== 'withheld' && (typeof field !== 'string' || !Object.hasOwn(sharedFields, field))) {
    problems.push(`${where}.field must name a field the published policy allows`)
  }
  if (seen.has(key)) problems.push(`${where} repeats ${field === undefined ? 'the withheld entry' : `the field '${key}'`}`)
  seen.add(key)

  if (entry.editor !== undefined && !(typeof entry.editor === 'string' && EDITOR_ID.test(entry.editor))) {
    problems.push(`${where}.editor must name a user id such as user:ann`)
  }
  return problems
}

/**
 * Lists what is wrong with a notice that a site sent, so that the cloud stores only the shape
 * `buildRejectionNotice` writes: known codes with their fixed reasons, fields the published
 * policy allows, user ids and a timestamp. An empty list means the notice may be stored.
 */
export function findRejectionNoticeProblems(notice: unknown, sharedFields: Readonly<Record<string, unknown>>): string[] {
  if (!isPlainObject(notice)) return ['the notice must be an object']
  const problems: string[] = []
  for (const key of Object.keys(notice)) if (key !== 'at' && key !== 'changes') problems.push(`the notice carries the unknown key '${key}'`)
  if (typeof notice.at !== 'string' || !ISO_UTC_TIME.test(notice.at)) problems.push('at must be an ISO 8601 UTC timestamp')

  const changes = notice.changes
  if (!Array.isArray(changes) || changes.length === 0) return [...problems, 'changes must be a non-empty list']
  const seen = new Set<string>()
  changes.forEach((entry, index) => problems.push(...findEntryProblems(entry, index, sharedFields, seen)))
  return problems
}
