import type { PolicyChange } from '@enclave/shared/policy/diff-policy'
import type { PolicyVersionSummary } from './policy-api'

function describeRule(rule: unknown): string {
  if (typeof rule !== 'object' || rule === null) return String(rule)
  const { mode, ...options } = rule as Record<string, unknown>
  const extra = Object.entries(options).map(([name, value]) => `${name} ${String(value)}`)
  return [mode, ...extra].join(', ')
}

function describeChange(change: PolicyChange): string {
  const target = change.field ? `${change.type}.${change.field}` : change.type
  switch (change.change) {
    case 'rule':
      return `${target}: ${describeRule(change.before)} → ${describeRule(change.after)}`
    case 'customFieldAdded':
      return `${target}: custom field added`
    case 'customFieldRemoved':
      return `${target}: custom field removed`
    case 'customFieldChanged':
      return `${target}: custom field changed`
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
  return (
    <section class="versions">
      <h3>Versions</h3>
      <ol reversed>
        {versions.map((version) => (
          <li key={version.version} data-testid={`version-${version.version}`}>
            <strong>Version {version.version}</strong> by {version.author} on {new Date(version.createdAt).toLocaleString()}
            {version.note ? <em> · {version.note}</em> : null}
            <ul>
              {version.changes.map((change) => (
                <li key={`${change.type}-${change.field ?? ''}-${change.change}`} class={change.stricter ? 'stricter' : ''}>
                  {describeChange(change)}
                  {change.stricter ? ' (stricter: purged from the cloud)' : ''}
                </li>
              ))}
            </ul>
            {version.version !== currentVersion ? (
              <button type="button" disabled={busy} onClick={() => onRestore(version.version)}>
                Restore version {version.version}
              </button>
            ) : (
              <span class="badge">current</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
