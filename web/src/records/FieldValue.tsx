import type { FieldDef } from '@enclave/shared/entities/fields'
import type { EntitySchema } from '@enclave/shared/entities/schemas'
import type { RecordDoc } from '../app/api-client'
import { withholdsPersonalFields, type AppState } from '../app/app-context'
import { optionLabel } from '../app/field-labels'
import { formatValue, t } from '../app/i18n'
import { UserName } from '../app/user-names'

/**
 * Shows a field's value. At the cloud a masked, pseudonymised or generalised value carries a
 * lock and a label naming the reduction, so no one takes it for the real value.
 */
export function FieldValue({ field, doc }: { field: FieldDef; doc: RecordDoc }) {
  const value = doc[field.name]
  const reduced = doc.residency?.[field.name]
  const text = formatValue(field, value)

  if (reduced) {
    return (
      <span class="reduced" data-residency={reduced} title={t(`residency.${reduced}`)}>
        <LockIcon /> <span class="reduced-value" title={text}>{text}</span>{' '}
        <span class="reduced-label">{t(`residency.${reduced}`)}</span>
      </span>
    )
  }
  if (field.kind === 'enum' && typeof value === 'string') return <>{optionLabel(value)}</>
  if (field.name === 'ownerId' && typeof value === 'string' && value) return <UserName id={value} />
  if (field.kind === 'email' && text) return <a href={`mailto:${text}`}>{text}</a>
  if (field.kind === 'url' && text && /^https?:\/\//.test(text)) return <a href={text} rel="noreferrer noopener" target="_blank">{text}</a>
  return <>{text}</>
}

function LockIcon() {
  return (
    <svg class="lock" aria-hidden="true" width="12" height="14" viewBox="0 0 12 14">
      <path d="M3 6V4a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6" />
      <rect x="1" y="6" width="10" height="8" rx="1.5" fill="currentColor" />
    </svg>
  )
}

/**
 * Returns the fields of a record type that this tier shows. The edge shows all of them. The
 * cloud shows only those the published field set lets leave the site, because the rest are
 * absent from its documents.
 */
export function shownFields(fields: readonly FieldDef[], allowed: Record<string, unknown> | undefined, tier: 'edge' | 'cloud'): FieldDef[] {
  const plain = fields.filter((field) => field.kind !== 'conditions' && field.kind !== 'steps')
  if (tier === 'edge') return plain
  return plain.filter((field) => allowed !== undefined && field.name in allowed)
}

/** Returns the names of the personal fields of `schema` that the edge removes for this user. */
export function withheldFields(state: AppState, schema: EntitySchema): Set<string> {
  if (!withholdsPersonalFields(state)) return new Set()
  return new Set(schema.fields.filter((field) => field.pii).map((field) => field.name))
}

/**
 * Returns the fields of `schema` that the user sees here: `shownFields` of this tier without
 * the withheld personal fields. Lists, record pages and forms all use it, so that no page shows
 * a withheld field as an empty value.
 */
export function visibleFields(state: AppState, schema: EntitySchema): FieldDef[] {
  const withheld = withheldFields(state, schema)
  return shownFields(schema.fields, state.allowed?.entities[schema.type]?.fields, state.api.tier.tier).filter((field) => !withheld.has(field.name))
}

/** Tells the user that a page leaves out personal fields because of their role. */
export function WithheldNote() {
  return <p class="muted" data-testid="personal-hidden">{t('record.personalHidden')}</p>
}
