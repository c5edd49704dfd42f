import { useEffect, useState } from 'preact/hooks'
import type { ResidencyAuditReport } from '@enclave/shared/policy/residency-report'
import { PolicyApiError, residencyApi, type SiteSummary } from './policy-api'
import { describeViolation } from './policy-errors'
import { policyText } from './policy-text'
import './policy.css'
import { errorText } from '../../app/error-text'
import { formatCount, formatDateTime } from '../../app/locale-format'

/** Splits the canary text box into values: one a line, blank lines ignored. */
function parseCanaries(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

function AuditReport({ report }: { report: ResidencyAuditReport }) {
  return (
    <dl data-testid={`audit-${report.siteId}`}>
      <dt>{policyText('audited')}</dt>
      <dd>{formatDateTime(report.finishedAt)}</dd>
      <dt>{policyText('policyVersion')}</dt>
      <dd>{report.policyVersion}</dd>
      <dt>{policyText('documentsRevisionsScanned')}</dt>
      <dd>{formatCount(report.documentsScanned)} / {formatCount(report.revisionsScanned)}</dd>
      <dt>{policyText('violations')}</dt>
      <dd data-testid="audit-violations">{report.violationCount}</dd>
      {report.canariesSearched > 0 ? (
        <>
          <dt>{policyText('canaryHits')}</dt>
          <dd data-testid="audit-canary-hits">{policyText('canaryHitCount', { hits: report.canaryHitCount, count: report.canariesSearched })}</dd>
        </>
      ) : null}
      {report.violations.length > 0 ? (
        <>
          <dt>{policyText('firstViolations')}</dt>
          <dd>
            <ul>
              {report.violations.map((violation) => (
                <li key={`${violation.docId}-${violation.rev}-${violation.field}`}>
                  {violation.docId} {violation.rev}: {violation.field} ({describeViolation(violation)})
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  )
}

/**
 * Renders the cloud admin's residency audit page: for each enrolled site, the latest audit and
 * a button that runs a new one, optionally searching every revision for canary values.
 */
export function ResidencyAuditPage() {
  const [sites, setSites] = useState<SiteSummary[]>([])
  const [reports, setReports] = useState<Record<string, ResidencyAuditReport | null>>({})
  const [canaries, setCanaries] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState('')

  useEffect(() => {
    residencyApi
      .sites()
      .then(async (list) => {
        setSites(list)
        const entries = await Promise.all(list.map(async (site) => [site.siteId, await residencyApi.latestAudit(site.siteId)] as const))
        setReports(Object.fromEntries(entries))
      })
      .catch((error: Error) => setMessage(errorText(error)))
  }, [])

  async function runAudit(siteId: string) {
    setBusy(true)
    setMessage('')
    try {
      const report = await residencyApi.runAudit(siteId, parseCanaries(canaries))
      setReports({ ...reports, [siteId]: report })
    } catch (error) {
      setMessage(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="residency-audit-page" aria-labelledby="residency-audit-title">
      <h1 id="residency-audit-title">{policyText('auditsTitle')}</h1>
      {message ? <p class="error" role="alert">{message}</p> : null}
      <label>
        {policyText('canaries')}
        <textarea data-testid="canaries" value={canaries} onInput={(event) => setCanaries(event.currentTarget.value)} />
      </label>
      {sites.length === 0 ? <p>{policyText('noSites')}</p> : null}
      {sites.map((site) => (
        <section key={site.siteId} data-testid={`site-${site.siteId}`}>
          <h2>
            {policyText('siteHeading', { name: site.name, site: site.siteId, version: site.policyVersion ?? policyText('notPublished') })}
          </h2>
          {reports[site.siteId] ? <AuditReport report={reports[site.siteId] as ResidencyAuditReport} /> : <p>{policyText('noAudit')}</p>}
          <button type="button" disabled={busy || site.policyVersion === undefined} onClick={() => runAudit(site.siteId)}>
            {policyText('auditSite', { site: site.siteId })}
          </button>
        </section>
      ))}
    </section>
  )
}
