import type { FieldDef } from '@enclave/shared/entities/fields'
import { MASK_STYLES, RESIDENCY_MODES, type FieldRule } from '@enclave/shared/policy/types'
import { GENERALIZE_LEVELS_BY_KIND } from '@enclave/shared/policy/validate-policy'
import { fieldLabel } from '../../app/field-labels'
import { policyTerm, policyText } from './policy-text'

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
  const label = fieldLabel(field)

  return (
    <tr data-testid={`rule-${id}`} class={errors.length > 0 ? 'policy-row invalid' : 'policy-row'}>
      <td>
        <label for={`${id}-mode`}>{label}</label>
        {field.pii ? <span class="badge" title={policyText('personalData')}>{policyText('pii')}</span> : null}
        {field.custom ? <span class="badge">{policyText('custom')}</span> : null}
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
              {policyTerm('mode', mode)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={policyText('editableAria', { label })}
          data-testid={`writable-${id}`}
          checked={current.mode === 'sync' && current.cloudWritable === true}
          disabled={disabled || current.mode !== 'sync'}
          onChange={(event) => onChange({ ...current, cloudWritable: event.currentTarget.checked })}
        />
      </td>
      <td>
        {current.mode === 'mask' ? (
          <select
            aria-label={policyText('maskStyleAria', { label })}
            value={current.maskStyle ?? 'partial'}
            disabled={disabled}
            onChange={(event) => onChange({ ...current, maskStyle: event.currentTarget.value as FieldRule['maskStyle'] })}
          >
            {MASK_STYLES.map((style) => (
              <option key={style} value={style}>{policyTerm('maskStyle', style)}</option>
            ))}
          </select>
        ) : null}
        {current.mode === 'generalize' ? (
          <select
            aria-label={policyText('levelAria', { label })}
            value={current.generalizeLevel ?? levels[0] ?? ''}
            disabled={disabled}
            onChange={(event) => onChange({ ...current, generalizeLevel: event.currentTarget.value as FieldRule['generalizeLevel'] })}
          >
            {levels.map((level) => (
              <option key={level} value={level}>{policyTerm('level', level)}</option>
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
