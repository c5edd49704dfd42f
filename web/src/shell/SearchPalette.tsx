import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { findSchemaByPlural } from '@enclave/shared/entities/schemas'
import type { RecordDoc } from '../app/api-client'
import { SEARCH_READS_PERSONAL_FIELDS } from '@enclave/shared/auth/personal-search'
import { titleOf, useApp, withholdsPersonalFields } from '../app/app-context'
import { t } from '../app/i18n'

const SEARCHED = ['contacts', 'companies', 'deals', 'tickets'] as const
const PER_TYPE = 5
const DEBOUNCE_MS = 150

interface Hit {
  plural: string
  doc: RecordDoc
}

/**
 * Ctrl/Cmd-K dialog searching contacts, companies, deals and tickets at once. Roles that may
 * not read personal data at the edge search no contacts, because the edge rejects that search.
 */
export function SearchPalette({ onClose }: { onClose: () => void }) {
  const app = useApp()
  const { api } = app
  const withholds = withholdsPersonalFields(app)
  const searched = SEARCHED.filter((plural) => !(withholds && SEARCH_READS_PERSONAL_FIELDS.includes(findSchemaByPlural(plural)!.type)))
  const { route } = useLocation()
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<Hit[] | null>(null)
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => input.current?.focus(), [])

  useEffect(() => {
    const text = q.trim()
    if (!text) return setHits(null)
    let current = true
    const timer = setTimeout(() => {
      Promise.all(
        searched.map((plural) =>
          api.list(plural, { q: text, limit: PER_TYPE }).then(
            (page) => page.items.map((doc) => ({ plural, doc })),
            () => [] as Hit[],
          ),
        ),
      ).then((groups) => {
        if (!current) return
        setHits(groups.flat())
        setActive(0)
      })
    }, DEBOUNCE_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [q, api])

  const open = (hit: Hit) => {
    onClose()
    route(`/${hit.plural}/${encodeURIComponent(hit.doc._id)}`)
  }

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose()
    if (!hits?.length) return
    if (event.key === 'ArrowDown') setActive((active + 1) % hits.length)
    if (event.key === 'ArrowUp') setActive((active - 1 + hits.length) % hits.length)
    if (event.key === 'Enter' && hits[active]) open(hits[active])
  }

  return (
    <div class="overlay" onClick={onClose}>
      <div class="palette" role="dialog" aria-modal="true" aria-label={t('search.label')} onClick={(event) => event.stopPropagation()}>
        <input
          ref={input}
          type="search"
          role="combobox"
          aria-expanded={hits ? hits.length > 0 : false}
          aria-controls="search-hits"
          aria-activedescendant={hits?.[active] ? `hit-${active}` : undefined}
          aria-label={t('search.label')}
          placeholder={t(searched.includes('contacts') ? 'search.placeholder' : 'search.placeholderWithoutContacts')}
          value={q}
          onInput={(event) => setQ(event.currentTarget.value)}
          onKeyDown={onKey}
        />
        {hits && hits.length === 0 ? <p class="muted">{t('search.none', { q })}</p> : null}
        {hits?.length ? (
          <ul role="listbox" class="hits" id="search-hits">
            {hits.map((hit, index) => {
              const schema = findSchemaByPlural(hit.plural)
              return (
                <li key={hit.doc._id} id={`hit-${index}`} role="option" aria-selected={index === active}>
                  <a href={`/${hit.plural}/${encodeURIComponent(hit.doc._id)}`} onClick={(event) => { event.preventDefault(); open(hit) }}>
                    <span class="hit-type">{t(`nav.${hit.plural}`)}</span> <bdi>{schema ? titleOf(schema, hit.doc) : hit.doc._id}</bdi>
                  </a>
                </li>
              )
            })}
          </ul>
        ) : null}
      </div>
    </div>
  )
}
