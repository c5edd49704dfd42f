import type { AttestationResponse } from './policy-api'

interface AttestationPanelProps {
  data: AttestationResponse | null
  busy: boolean
  onRunAudit(): void
}

/** The latest residency audit from the cloud: time, policy version, counts and violations. */
export function AttestationPanel({ data, busy, onRunAudit }: AttestationPanelProps) {
  const attestation = data?.attestation
  return (
    <section class="attestation" data-testid="attestation">
      <h3>Residency attestation</h3>
      {data?.pendingPurge ? (
        <p class="warning" data-testid="pending-purge">
          Purge for version {data.pendingPurge.policyVersion} is pending
          {data.pendingPurge.lastError ? ` (last attempt failed: ${data.pendingPurge.lastError})` : ''}.
        </p>
      ) : null}
      {attestation ? (
        <dl>
          <dt>Audited</dt>
          <dd>{new Date(attestation.audit.finishedAt).toLocaleString()}</dd>
          <dt>Policy version</dt>
          <dd data-testid="attestation-version">{attestation.audit.policyVersion}</dd>
          <dt>Documents scanned</dt>
          <dd>{attestation.audit.documentsScanned}</dd>
          <dt>Revisions scanned</dt>
          <dd>{attestation.audit.revisionsScanned}</dd>
          <dt>Violations</dt>
          <dd data-testid="attestation-violations">{attestation.audit.violationCount}</dd>
          {attestation.purge ? (
            <>
              <dt>Last purge</dt>
              <dd>
                {attestation.purge.documentsRewritten} rewritten, {attestation.purge.documentsRemoved} removed,{' '}
                {attestation.purge.conflictsPurged} conflicts purged
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>No audit yet.</p>
      )}
      <button type="button" disabled={busy} onClick={onRunAudit}>
        Run residency audit
      </button>
    </section>
  )
}
