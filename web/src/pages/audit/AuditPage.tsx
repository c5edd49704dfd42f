import { useEffect, useState } from 'preact/hooks'
import { text, type TextKey } from '../auth/auth-text'
import { auditApi, EMPTY_FILTERS, type AuditFilters, type AuditPage as AuditPageData, type AuditVerificationView } from './audit-api'
import './audit.css'
import { describeBrokenLink } from './broken-link'
import { errorText } from '../../app/error-text'
import { formatDateTime } from '../../app/locale-format'

const PAGE_SIZE = 50

const FILTER_INPUTS: { name: keyof AuditFilters; label: TextKey; type: string }[] = [
  { name: 'user', label: 'user', type: 'text' },
  { name: 'action', label: 'action', type: 'text' },
  { name: 'recordId', label: 'recordId', type: 'text' },
  { name: 'from', label: 'from', type: 'datetime-local' },
  { name: 'to', label: 'to', type: 'datetime-local' },
]

function VerificationResult({ result }: { result: AuditVerificationView }) {
  if (result.ok) return <p class="audit-ok" role="status">{text('chainIntact', { count: result.checked })}</p>
  const link = result.brokenLink!
  return (
    <p class="audit-broken" role="alert">
      {describeBrokenLink(link)}
    </p>
  )
}

/**
 * Shows the audit log with filters by user, action, record and time, pages of entries newest
 * first, a chain verification, and CSV or JSON export for a regulator. Entries name fields,
 * never their values. All text is rendered as text, never as HTML.
 */
export function AuditPage() {
  const [draft, setDraft] = useState<AuditFilters>(EMPTY_FILTERS)
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_FILTERS)
  const [offset, setOffset] = useState(0)
  const [page, setPage] = useState<AuditPageData | null>(null)
  const [verification, setVerification] = useState<AuditVerificationView | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    setError('')
    auditApi.list(filters, PAGE_SIZE, offset).then(setPage, (failure: Error) => setError(errorText(failure)))
  }, [filters, offset])

  function apply(event: Event) {
    event.preventDefault()
    setOffset(0)
    setFilters(draft)
  }

  async function verify() {
    setVerification(null)
    auditApi.verify().then(setVerification, (failure: Error) => setError(errorText(failure)))
  }

  const last = page ? Math.min(offset + page.items.length, page.total) : 0
  return (
    <section class="audit-page" aria-labelledby="audit-title">
      <h1 id="audit-title">{text('auditTitle')}</h1>

      <form class="audit-filters" onSubmit={apply}>
        {FILTER_INPUTS.map((input) => (
          <label key={input.name}>
            {text(input.label)}
            <input
              name={input.name}
              type={input.type}
              value={draft[input.name]}
              onInput={(event) => setDraft({ ...draft, [input.name]: event.currentTarget.value })}
            />
          </label>
        ))}
        <button type="submit">{text('apply')}</button>
      </form>

      <div class="audit-actions">
        <button type="button" onClick={verify} data-testid="audit-verify">{text('verify')}</button>
        <a href={auditApi.exportUrl(filters, 'csv')} download>{text('exportCsv')}</a>
        <a href={auditApi.exportUrl(filters, 'json')} download>{text('exportJson')}</a>
      </div>
      {verification && <VerificationResult result={verification} />}
      {error && <p class="audit-broken" role="alert">{error}</p>}

      {!page && !error && <p>{text('loading')}</p>}
      {page && page.items.length === 0 && <p>{text('noEntries')}</p>}
      {page && page.items.length > 0 && (
        <table class="audit-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{text('time')}</th>
              <th scope="col">{text('user')}</th>
              <th scope="col">{text('action')}</th>
              <th scope="col">{text('records')}</th>
              <th scope="col">{text('fields')}</th>
              <th scope="col">{text('address')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((entry) => (
              <tr key={entry._id}>
                <td>{entry.seq}</td>
                <td>{formatDateTime(entry.time)}</td>
                <td>{entry.user}</td>
                <td>{entry.action}</td>
                <td class="audit-ids">
                  {entry.recordIds.length > 3 ? (
                    <details>
                      <summary>{text('recordCount', { count: entry.recordIds.length })}</summary>
                      {entry.recordIds.join(', ')}
                    </details>
                  ) : (
                    entry.recordIds.join(', ')
                  )}
                </td>
                <td>{entry.fields.join(', ')}</td>
                <td>{entry.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {page && page.total > 0 && (
        <nav class="audit-pager" aria-label={text('pages')}>
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>{text('previous')}</button>
          <span>{text('pageOf', { first: offset + 1, last, total: page.total })}</span>
          <button type="button" disabled={last >= page.total} onClick={() => setOffset(offset + PAGE_SIZE)}>{text('next')}</button>
        </nav>
      )}
    </section>
  )
}
