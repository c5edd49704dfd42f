import type { ResidencyPolicy } from '@enclave/shared'
import type { AuthEvent } from '@enclave/shared/node/auth/index'
import type { EdgeContext } from '../context'
import type { EdgeWorker } from '../index'
import { RecordChangeBuffer } from './record-change-buffer'

/** Lists `type.field` names whose rule differs between two policy versions. */
export function changedPolicyFields(next: ResidencyPolicy, previous: ResidencyPolicy): string[] {
  const names = new Set<string>()
  for (const policy of [next, previous]) {
    for (const [type, rules] of Object.entries(policy.entities)) {
      for (const field of Object.keys(rules?.fields ?? {})) names.add(`${type}.${field}`)
    }
  }

  const ruleOf = (policy: ResidencyPolicy, name: string) => {
    const [type, field] = name.split('.') as [keyof ResidencyPolicy['entities'], string]
    return JSON.stringify(policy.entities[type]?.fields[field] ?? null)
  }
  return [...names].filter((name) => ruleOf(next, name) !== ruleOf(previous, name)).sort()
}

function authEntry(event: AuthEvent) {
  return {
    action: event.action,
    user: event.user,
    recordIds: event.target ? [event.target] : [],
    fields: event.fields ?? [],
    address: event.address,
  }
}

/**
 * Writes an audit entry for every record create, update and delete, every sign-in event and
 * account change, and every residency policy change. Reads of personal fields are recorded by
 * the record access middleware, because only the request handler has the user and the fields shown.
 */
export function startAuditRecorder(context: EdgeContext): EdgeWorker {
  const { audit, logger } = context
  const report = (error: unknown) => logger.error({ err: error }, 'audit append failed')

  const changes = new RecordChangeBuffer((entries) => audit.appendMany(entries).catch(report))

  const stops = [
    context.store.onChange((event) => changes.add(event)),
    context.auth.onEvent((event) => {
      audit.append(authEntry(event)).catch(report)
    }),
    context.policies.onChange((policy, previous) => {
      audit
        .append({
          action: 'policy.change',
          user: policy.author ?? 'system',
          fields: changedPolicyFields(policy, previous),
          detail: { version: policy.version, previousVersion: previous.version },
        })
        .catch(report)
    }),
  ]

  return {
    name: 'audit-recorder',
    async stop() {
      for (const stop of stops) stop()
      changes.flush()
      await audit.flush().catch(report)
    },
  }
}
