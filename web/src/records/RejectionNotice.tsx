import type { EntityType, FieldDef } from '@enclave/shared/entities/fields'
import { REJECTION_NOTICE_KEY, type RejectionNotice as Notice, type RejectionNoticeEntry } from '@enclave/shared/merge/rejection-notice'
import type { RecordDoc } from '../app/api-client'
import { isolate } from '../app/bidi'
import { describeError } from '../app/error-text'
import { fieldLabel, fieldLabelByName } from '../app/field-labels'
import { currentLanguage, t } from '../app/i18n'
import { formatDateTime } from '../app/locale-format'

/** Rejected changes that one sentence reports: one editor and one reason code. */
interface Group {
  editor?: string
  code: string
  /** English reason from the site, shown for a code the error catalogue lacks. */
  reason: string
  fields: string[]
  withheld: boolean
}

function readNotice(doc: RecordDoc): Notice | undefined {
  const notice = doc[REJECTION_NOTICE_KEY] as Partial<Notice> | undefined
  if (typeof notice !== 'object' || notice === null || typeof notice.at !== 'string' || !Array.isArray(notice.changes)) return undefined
  return notice as Notice
}

function groupChanges(changes: readonly RejectionNoticeEntry[]): Group[] {
  const groups = new Map<string, Group>()
  for (const change of changes) {
    const key = `${change.editor ?? ''}\u0000${change.code}`
    let group = groups.get(key)
    if (!group) {
      group = { editor: change.editor, code: change.code, reason: change.reason, fields: [], withheld: false }
      groups.set(key, group)
    }
    if (typeof change.field === 'string') group.fields.push(change.field)
    else group.withheld = true
  }
  return [...groups.values()]
}

function joinLabels(labels: readonly string[]): string {
  return new Intl.ListFormat(currentLanguage(), { type: 'conjunction' }).format(labels)
}

function sentence(group: Group, userId: string, labelOf: (name: string) => string, time: string): string {
  const labels = group.fields.map((name) => isolate(labelOf(name)))
  if (group.withheld) labels.push(t('rejection.withheldField'))
  const values = {
    fields: joinLabels(labels),
    reason: describeError({ code: group.code, message: group.reason }),
    time,
  }
  if (group.editor === userId) return t('rejection.yours', values)
  if (group.editor) return t('rejection.byUser', { ...values, user: isolate(group.editor.replace(/^user:/, '')) })
  return t('rejection.byCloud', values)
}

/**
 * Shows the site's notice of rejected cloud changes to a record, if the cloud copy carries
 * one: a sentence per editor and reason, addressed to the signed-in user when they made it.
 */
export function RejectionNotice({ doc, type, fields, userId }: { doc: RecordDoc; type: EntityType; fields: readonly FieldDef[]; userId: string }) {
  const notice = readNotice(doc)
  if (!notice || notice.changes.length === 0) return null

  const labelOf = (name: string) => {
    const field = fields.find((candidate) => candidate.name === name)
    return field ? fieldLabel(field) : fieldLabelByName(name, type)
  }
  const time = formatDateTime(notice.at)
  return (
    <div class="notice" role="status" data-testid="sync-rejection">
      {groupChanges(notice.changes).map((group) => (
        <p key={`${group.editor ?? ''}-${group.code}`}>{sentence(group, userId, labelOf, time)}</p>
      ))}
    </div>
  )
}
