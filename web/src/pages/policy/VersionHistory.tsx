import type { PolicyChange } from '@enclave/shared/policy/diff-policy'
import type { PolicyVersionSummary } from './policy-api'
import { fieldLabelByName } from '../../app/field-labels'
import { formatDateTime } from '../../app/locale-format'
import { useUserNames, userDisplayName } from '../../app/user-names'
import { policyTerm, policyText } from './policy-text'

function describeRule(rule: unknown): string {
  if (typeof rule !== 'object' || rule === null) return String(rule)
  const { mode, ...options } = rule as Record<string, unknown>
  const extra = Object.entries(options).map(([name, value]) => {
    if (name === 'maskStyle' || name === 'level') return policyTerm(name, String(value))
    return `${name} ${String(value)}`
  })
  return [policyTerm('mode', String(mode)), ...extra].join(', ')
}

function describeChange(change: PolicyChange): string {
  const type = policyTerm('entity', change.type)
  const target = change.field ? `${type} / ${fieldLabelByName(change.field, change.type)}` : type
  switch (change.change) {
    case 'rule':
      return `${target}: ${describeRule(change.before)} → ${describeRule(change.after)}`
    case 'customFieldAdded':
      return `${target}: ${policyText('customFieldAdded')}`
    case 'customFieldRemoved':
      return `${target}: ${policyText('customFieldRemoved')}`
    case 'customFieldChanged':
      return `${target}: ${policyText('customFieldChanged')}`
    default:
      return `${target}: ${change.change} ${String(change.before)} → ${String(change.after)}`
  }
}

interface VersionHistoryProps {
  versions: PolicyVersionSummary[]
  currentVersion: number
  busy: boolean
  onRestore(version: number): void
}

/** Renders the policy's versions, newest first, each with author, time, diff and a restore button. */
export function VersionHistory({ versions, currentVersion, busy, onRestore }: VersionHistoryProps) {
  const names = useUserNames()

  return (
    <section class="versions">
      <h3>{policyText('versionsTitle')}</h3>
      <ol reversed>
        {versions.map((version) => (
          <li key={version.version} data-testid={`version-${version.version}`}>
            <strong>{policyText('version', { version: version.version })}</strong>
            {policyText('versionByOn', { author: userDisplayName(names, version.author), time: formatDateTime(version.createdAt) })}
            {version.note ? <em> · {version.note}</em> : null}
            <ul>
              {version.changes.map((change) => (
                <li key={`${change.type}-${change.field ?? ''}-${change.change}`} class={change.stricter ? 'stricter' : ''}>
                  {describeChange(change)}
                  {change.stricter ? policyText('stricter') : ''}
                </li>
              ))}
            </ul>
            {version.version !== currentVersion ? (
              <button type="button" disabled={busy} onClick={() => onRestore(version.version)}>
                {policyText('restore', { version: version.version })}
              </button>
            ) : (
              <span class="badge">{policyText('current')}</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
