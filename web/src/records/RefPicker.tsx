import { useEffect, useState } from 'preact/hooks'
import type { FieldDef } from '@enclave/shared/entities/fields'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import type { RecordDoc } from '../app/api-client'
import { titleOf, useApp } from '../app/app-context'
import { t } from '../app/i18n'

const MATCH_LIMIT = 10
const DEBOUNCE_MS = 150

interface Props {
  field: FieldDef
  id: string
  /** The chosen record's id, or '' for none. */
  value: string
  onInput: (id: string) => void
}

/** Picks a linked record (a contact's company) by searching its title instead of typing an id. */
export function RefPicker({ field, id, value, onInput }: Props) {
  const { api } = useApp()
  const schema = ENTITY_SCHEMAS[field.refType!]
  const [q, setQ] = useState('')
  const [matches, setMatches] = useState<RecordDoc[]>([])

  useEffect(() => {
    if (!value) return
    api.get(schema.plural, value).then((doc) => setMatches((current) => (current.some((other) => other._id === doc._id) ? current : [doc, ...current])), () => undefined)
  }, [])

  useEffect(() => {
    const text = q.trim()
    if (!text) return
    const timer = setTimeout(() => {
      api.list(schema.plural, { q: text, limit: MATCH_LIMIT }).then((page) => setMatches(page.items), () => setMatches([]))
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [q])

  return (
    <span class="ref-picker">
      <input type="search" aria-label={`${t('search.label')}: ${schema.label}`} value={q} onInput={(event) => setQ(event.currentTarget.value)} />
      <select id={id} name={field.name} value={value} onChange={(event) => onInput(event.currentTarget.value)}>
        <option value="" />
        {value && !matches.some((doc) => doc._id === value) ? <option value={value}>{value}</option> : null}
        {matches.map((doc) => <option key={doc._id} value={doc._id}>{titleOf(schema, doc)}</option>)}
      </select>
    </span>
  )
}
