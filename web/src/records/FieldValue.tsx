import type { FieldDef } from '@enclave/shared/entities/fields'
import type { RecordDoc } from '../app/api-client'
import { formatValue, t } from '../app/i18n'

/**
 * A field's value for display. At the cloud a masked, pseudonymised or generalised value
 * carries a lock and says how it was reduced, so no one takes it for the real value.
 */
export function FieldValue({ field, doc }: { field: FieldDef; doc: RecordDoc }) {
  const value = doc[field.name]
  const reduced = doc.residency?.[field.name]
  const text = formatValue(field, value)

  if (reduced) {
    return (
      <span class="reduced" data-residency={reduced} title={t(`residency.${reduced}`)}>
        <span aria-hidden="true">🔒</span> {text}{' '}
        <span class="reduced-label">{t(`residency.${reduced}`)}</span>
      </span>
    )
  }
  if (field.kind === 'email' && text) return <a href={`mailto:${text}`}>{text}</a>
  if (field.kind === 'url' && text && /^https?:\/\//.test(text)) return <a href={text} rel="noreferrer noopener" target="_blank">{text}</a>
  return <>{text}</>
}

/**
 * Fields of a record type that this tier shows: all at the edge; at the cloud only those the
 * published field set lets leave the site (the rest are absent from the documents too).
 */
export function shownFields(fields: readonly FieldDef[], allowed: Record<string, unknown> | undefined, tier: 'edge' | 'cloud'): FieldDef[] {
  const plain = fields.filter((field) => field.kind !== 'conditions' && field.kind !== 'steps')
  if (tier === 'edge') return plain
  return plain.filter((field) => allowed !== undefined && field.name in allowed)
}
