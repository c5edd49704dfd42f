import { useEffect, useState } from 'preact/hooks'
import type { ResidencyAuditReport } from '@enclave/shared/policy/residency-report'
import { PolicyApiError, residencyApi, type SiteSummary } from './policy-api'
import './policy.css'

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
      <dt>Audited</dt>
      <dd>{new Date(report.finishedAt).toLocaleString()}</dd>
      <dt>Policy version</dt>
      <dd>{report.policyVersion}</dd>
      <dt>Documents / revisions scanned</dt>
      <dd>{report.documentsScanned} / {report.revisionsScanned}</dd>
      <dt>Violations</dt>
      <dd data-testid="audit-violations">{report.violationCount}</dd>
      {report.canariesSearched > 0 ? (
        <>
          <dt>Canary hits</dt>
          <dd data-testid="audit-canary-hits">{report.canaryHitCount} for {report.canariesSearched} canaries</dd>
        </>
      ) : null}
      {report.violations.length > 0 ? (
        <>
          <dt>First violations</dt>
          <dd>
            <ul>
              {report.violations.map((violation) => (
                <li key={`${violation.docId}-${violation.rev}-${violation.field}`}>
                  {violation.docId} {violation.rev}: {violation.field} ({violation.reason})
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
      .catch((error: Error) => setMessage(error.message))
  }, [])

  async function runAudit(siteId: string) {
    setBusy(true)
    setMessage('')
    try {
      const report = await residencyApi.runAudit(siteId, parseCanaries(canaries))
      setReports({ ...reports, [siteId]: report })
    } catch (error) {
      setMessage(error instanceof PolicyApiError ? error.message : (error as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main class="residency-audit-page">
      <h1>Residency audits</h1>
      {message ? <p class="error" role="alert">{message}</p> : null}
      <label>
        Canary values to search for, one a line (optional)
        <textarea data-testid="canaries" value={canaries} onInput={(event) => setCanaries(event.currentTarget.value)} />
      </label>
      {sites.length === 0 ? <p>No enrolled site yet.</p> : null}
      {sites.map((site) => (
        <section key={site.siteId} data-testid={`site-${site.siteId}`}>
          <h2>
            {site.name} ({site.siteId}), policy version {site.policyVersion ?? 'not published'}
          </h2>
          {reports[site.siteId] ? <AuditReport report={reports[site.siteId] as ResidencyAuditReport} /> : <p>No audit yet.</p>}
          <button type="button" disabled={busy || site.policyVersion === undefined} onClick={() => runAudit(site.siteId)}>
            Audit {site.siteId}
          </button>
        </section>
      ))}
    </main>
  )
}
