import type { AttestationResponse } from './policy-api'
import { policyText } from './policy-text'

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
      <h3>{policyText('attestationTitle')}</h3>
      {data?.pendingPurge ? (
        <p class="warning" data-testid="pending-purge">
          {policyText('pendingPurge', { version: data.pendingPurge.policyVersion })}
          {data.pendingPurge.lastError ? policyText('lastAttemptFailed', { error: data.pendingPurge.lastError }) : ''}
          {policyText('sentenceEnd')}
        </p>
      ) : null}
      {attestation ? (
        <dl>
          <dt>{policyText('audited')}</dt>
          <dd>{new Date(attestation.audit.finishedAt).toLocaleString()}</dd>
          <dt>{policyText('policyVersion')}</dt>
          <dd data-testid="attestation-version">{attestation.audit.policyVersion}</dd>
          <dt>{policyText('documentsScanned')}</dt>
          <dd>{attestation.audit.documentsScanned}</dd>
          <dt>{policyText('revisionsScanned')}</dt>
          <dd>{attestation.audit.revisionsScanned}</dd>
          <dt>{policyText('violations')}</dt>
          <dd data-testid="attestation-violations">{attestation.audit.violationCount}</dd>
          {attestation.purge ? (
            <>
              <dt>{policyText('lastPurge')}</dt>
              <dd>
                {policyText('purgeCounts', {
                  rewritten: attestation.purge.documentsRewritten,
                  removed: attestation.purge.documentsRemoved,
                  conflicts: attestation.purge.conflictsPurged,
                })}
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{policyText('noAudit')}</p>
      )}
      <button type="button" disabled={busy} onClick={onRunAudit}>
        {policyText('runAudit')}
      </button>
    </section>
  )
}
