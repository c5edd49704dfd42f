import type { FieldDef } from '@enclave/shared/entities/fields'
import { optionLabel } from '../app/field-labels'
import { inputType } from './field-input'
import { RefPicker } from './RefPicker'

interface Props {
  field: FieldDef
  id: string
  value: string
  error?: string
  onInput: (text: string) => void
  onKeyDown?: (event: KeyboardEvent) => void
  autoFocus?: boolean
}

/** Renders the input for one field kind, labelled elsewhere by `id`, with its message below. */
export function FieldControl({ field, id, value, error, onInput, onKeyDown, autoFocus }: Props) {
  const common = {
    id,
    name: field.name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    autoFocus,
    onKeyDown,
  }
  let control
  if (field.kind === 'enum') {
    control = (
      <select {...common} value={value} onChange={(event) => onInput(event.currentTarget.value)}>
        <option value="" />
        {field.options?.map((option) => <option key={option} value={option}>{optionLabel(option)}</option>)}
      </select>
    )
  } else if (field.kind === 'ref' && field.refType) {
    control = <RefPicker field={field} id={id} value={value} onInput={onInput} />
  } else if (field.kind === 'longtext') {
    control = <textarea {...common} rows={4} value={value} onInput={(event) => onInput(event.currentTarget.value)} />
  } else if (field.kind === 'boolean') {
    control = <input {...common} type="checkbox" checked={value === 'true'} onChange={(event) => onInput(String(event.currentTarget.checked))} />
  } else {
    control = (
      <input
        {...common}
        type={inputType(field)}
        inputMode={field.kind === 'number' || field.kind === 'money' ? 'decimal' : undefined}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    )
  }
  return (
    <>
      {control}
      {error ? <p class="field-error" id={`${id}-error`} role="alert">{error}</p> : null}
    </>
  )
}
