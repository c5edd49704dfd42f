import type { AttestationResponse } from './policy-api'
import { describePurgeError } from './policy-errors'
import { policyText } from './policy-text'
import { formatCount, formatDateTime } from '../../app/locale-format'

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
          {data.pendingPurge.lastError ? policyText('lastAttemptFailed', { error: describePurgeError(data.pendingPurge) }) : ''}
          {policyText('sentenceEnd')}
        </p>
      ) : null}
      {attestation ? (
        <dl>
          <dt>{policyText('audited')}</dt>
          <dd>{formatDateTime(attestation.audit.finishedAt)}</dd>
          <dt>{policyText('policyVersion')}</dt>
          <dd data-testid="attestation-version">{attestation.audit.policyVersion}</dd>
          <dt>{policyText('documentsScanned')}</dt>
          <dd>{formatCount(attestation.audit.documentsScanned)}</dd>
          <dt>{policyText('revisionsScanned')}</dt>
          <dd>{formatCount(attestation.audit.revisionsScanned)}</dd>
          <dt>{policyText('violations')}</dt>
          <dd data-testid="attestation-violations">{attestation.audit.violationCount}</dd>
          {attestation.purge ? (
            <>
              <dt>{policyText('lastPurge')}</dt>
              <dd>
                {policyText('purgeCounts', {
                  rewritten: formatCount(attestation.purge.documentsRewritten),
                  removed: formatCount(attestation.purge.documentsRemoved),
                  conflicts: formatCount(attestation.purge.conflictsPurged),
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
