import type { FieldDef } from '@enclave/shared/entities/fields'
import { MASK_STYLES, RESIDENCY_MODES, type FieldRule } from '@enclave/shared/policy/types'
import { GENERALIZE_LEVELS_BY_KIND } from '@enclave/shared/policy/validate-policy'

interface FieldRuleRowProps {
  type: string
  field: FieldDef
  rule: FieldRule | undefined
  /** Messages of the server or the local check for this field. */
  errors: string[]
  disabled: boolean
  onChange(rule: FieldRule): void
}

/** Renders one row of the policy table: a field, its mode and the options of that mode. */
export function FieldRuleRow({ type, field, rule, errors, disabled, onChange }: FieldRuleRowProps) {
  const current: FieldRule = rule ?? { mode: 'local' }
  const levels = GENERALIZE_LEVELS_BY_KIND[field.kind] ?? []
  const id = `${type}-${field.name}`

  return (
    <tr data-testid={`rule-${id}`} class={errors.length > 0 ? 'policy-row invalid' : 'policy-row'}>
      <td>
        <label for={`${id}-mode`}>{field.label}</label>
        {field.pii ? <span class="badge" title="Personal data">PII</span> : null}
        {field.custom ? <span class="badge">custom</span> : null}
        <div class="field-name">{field.name} · {field.kind}</div>
      </td>
      <td>
        <select
          id={`${id}-mode`}
          data-testid={`mode-${id}`}
          value={current.mode}
          disabled={disabled}
          onChange={(event) => onChange({ ...current, mode: event.currentTarget.value as FieldRule['mode'] })}
        >
          {RESIDENCY_MODES.map((mode) => (
            <option key={mode} value={mode} disabled={mode === 'generalize' && levels.length === 0}>
              {mode}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${field.label} is editable in the cloud`}
          data-testid={`writable-${id}`}
          checked={current.mode === 'sync' && current.cloudWritable === true}
          disabled={disabled || current.mode !== 'sync'}
          onChange={(event) => onChange({ ...current, cloudWritable: event.currentTarget.checked })}
        />
      </td>
      <td>
        {current.mode === 'mask' ? (
          <select
            aria-label={`${field.label} mask style`}
            value={current.maskStyle ?? 'partial'}
            disabled={disabled}
            onChange={(event) => onChange({ ...current, maskStyle: event.currentTarget.value as FieldRule['maskStyle'] })}
          >
            {MASK_STYLES.map((style) => (
              <option key={style} value={style}>{style}</option>
            ))}
          </select>
        ) : null}
        {current.mode === 'generalize' ? (
          <select
            aria-label={`${field.label} generalisation level`}
            value={current.generalizeLevel ?? levels[0] ?? ''}
            disabled={disabled}
            onChange={(event) => onChange({ ...current, generalizeLevel: event.currentTarget.value as FieldRule['generalizeLevel'] })}
          >
            {levels.map((level) => (
              <option key={level} value={level}>{level}</option>
            ))}
          </select>
        ) : null}
        {errors.map((message) => (
          <div key={message} class="error" role="alert">{message}</div>
        ))}
      </td>
    </tr>
  )
}
