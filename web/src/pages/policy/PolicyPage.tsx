import { useEffect, useState } from 'preact/hooks'
import { CUSTOM_FIELD_KINDS } from '@enclave/shared/policy/custom-fields'
import type { ImpactPreview } from '@enclave/shared/policy/impact'
import { checkPolicyDraft, type PolicyDraft, type PolicyError } from '@enclave/shared/policy/validate-policy'
import { AttestationPanel } from './AttestationPanel'
import { FieldRuleRow } from './FieldRuleRow'
import { ImpactPanel } from './ImpactPanel'
import { PolicyApiError, policyApi, type AttestationResponse, type PolicyResponse, type PolicyVersionSummary } from './policy-api'
import { draftOf, withEntityFlag, withRule } from './policy-draft'
import { errorsByPlace, UNPLACED } from './policy-errors'
import { policyTerm, policyText } from './policy-text'
import { VersionHistory } from './VersionHistory'
import './policy.css'
import { errorText } from '../../app/error-text'

/**
 * Renders the residency policy editor. It shows each field's mode and options by entity type,
 * custom fields and an impact preview before saving. Below are the version history with
 * restore and the latest residency attestation from the cloud.
 */
export function PolicyPage() {
  const [loaded, setLoaded] = useState<PolicyResponse | null>(null)
  const [draft, setDraft] = useState<PolicyDraft | null>(null)
  const [versions, setVersions] = useState<PolicyVersionSummary[]>([])
  const [attestation, setAttestation] = useState<AttestationResponse | null>(null)
  const [preview, setPreview] = useState<ImpactPreview | null>(null)
  const [errors, setErrors] = useState<PolicyError[]>([])
  const [message, setMessage] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [customField, setCustomField] = useState({ type: 'contact', label: '', kind: 'text' })

  async function reload() {
    const current = await policyApi.current()
    setLoaded(current)
    setDraft(draftOf(current.policy))
    setPreview(null)
    setErrors([])
    setVersions((await policyApi.versions()).items)
    setAttestation(await policyApi.attestation().catch(() => null))
  }

  async function run(action: () => Promise<void>) {
    setBusy(true)
    setMessage('')
    try {
      await action()
    } catch (error) {
      if (error instanceof PolicyApiError) {
        setErrors(error.details)
        setMessage(error.details.length > 0 ? policyText('rulesNeedAttention', { count: error.details.length }) : errorText(error))
      } else {
        setMessage(errorText(error))
      }
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    run(reload)
  }, [])

  if (!loaded || !draft) return <p>{message || policyText('loading')}</p>

  function edit(next: PolicyDraft) {
    setDraft(next)
    setPreview(null)
    const checked = checkPolicyDraft(next)
    setErrors(checked.ok ? [] : checked.errors)
  }

  const byPath = errorsByPlace(errors, loaded.fields)
  const version = loaded.policy.version

  return (
    <section class="policy-page" aria-labelledby="policy-title">
      <h1 id="policy-title">{policyText('title')}</h1>
      <p>{policyText('intro', { version })}</p>
      {message ? <p class="error" role="alert" data-testid="policy-message">{message}</p> : null}
      {(byPath.get(UNPLACED) ?? []).map((text) => <p key={text} class="error" role="alert" data-testid="policy-error">{text}</p>)}

      {Object.entries(loaded.fields).map(([type, fields]) => {
        const rules = draft.entities[type as keyof PolicyDraft['entities']]
        return (
          <section key={type} class="policy-entity">
            <h2>{policyTerm('entity', type)}</h2>
            <label>
              <input type="checkbox" checked={rules?.localOnly === true} disabled={busy} onChange={(event) => edit(withEntityFlag(draft, type, 'localOnly', event.currentTarget.checked))} />
              {policyText('keepOnSite', { type: policyTerm('entity', type) })}
            </label>{' '}
            <label>
              <input type="checkbox" checked={rules?.cloudCreatable === true} disabled={busy} onChange={(event) => edit(withEntityFlag(draft, type, 'cloudCreatable', event.currentTarget.checked))} />
              {policyText('cloudCreatable', { type: policyTerm('entity', type) })}
            </label>{' '}
            <label>
              <input type="checkbox" checked={rules?.cloudDeletable === true} disabled={busy} onChange={(event) => edit(withEntityFlag(draft, type, 'cloudDeletable', event.currentTarget.checked))} />
              {policyText('cloudDeletable', { type: policyTerm('entity', type) })}
            </label>
            {(byPath.get(type) ?? []).map((text) => <div key={text} class="error" role="alert">{text}</div>)}
            <table>
              <thead>
                <tr><th>{policyText('field')}</th><th>{policyText('mode')}</th><th>{policyText('editableInCloud')}</th><th>{policyText('options')}</th></tr>
              </thead>
              <tbody>
                {fields.map((field) => (
                  <FieldRuleRow
                    key={field.name}
                    type={type}
                    field={field}
                    rule={rules?.fields[field.name]}
                    errors={byPath.get(`${type}.${field.name}`) ?? []}
                    disabled={busy}
                    onChange={(rule) => edit(withRule(draft, type, field.name, rule))}
                  />
                ))}
              </tbody>
            </table>
          </section>
        )
      })}

      <section class="policy-actions">
        <label>
          {policyText('note')} <input value={note} maxLength={500} onInput={(event) => setNote(event.currentTarget.value)} data-testid="policy-note" />
        </label>
        <button type="button" disabled={busy || errors.length > 0} data-testid="preview-button" onClick={() => run(async () => setPreview(await policyApi.preview(draft)))}>
          {policyText('previewImpact')}
        </button>
        <button
          type="button"
          disabled={busy || errors.length > 0 || !preview}
          data-testid="save-button"
          title={preview ? '' : policyText('previewFirst')}
          onClick={() =>
            run(async () => {
              const saved = await policyApi.save(draft, version, note)
              setNote('')
              await reload()
              setMessage(policyText('savedVersion', { version: saved.version }))
            })
          }
        >
          {policyText('saveAsVersion', { version: version + 1 })}
        </button>
      </section>
      {preview ? <ImpactPanel preview={preview} /> : null}

      <section class="custom-field">
        <h3>{policyText('addCustomField')}</h3>
        <select aria-label={policyText('entityType')} value={customField.type} onChange={(event) => setCustomField({ ...customField, type: event.currentTarget.value })}>
          {Object.keys(loaded.fields).map((type) => <option key={type} value={type}>{policyTerm('entity', type)}</option>)}
        </select>
        <input aria-label={policyText('label')} placeholder={policyText('label')} value={customField.label} onInput={(event) => setCustomField({ ...customField, label: event.currentTarget.value })} />
        <select aria-label={policyText('kind')} value={customField.kind} onChange={(event) => setCustomField({ ...customField, kind: event.currentTarget.value })}>
          {CUSTOM_FIELD_KINDS.map((kind) => <option key={kind} value={kind}>{policyTerm('fieldKind', kind)}</option>)}
        </select>
        <button
          type="button"
          disabled={busy || customField.label.trim() === ''}
          onClick={() =>
            run(async () => {
              const saved = await policyApi.addCustomField(customField.type, customField.label, customField.kind)
              setCustomField({ ...customField, label: '' })
              await reload()
              setMessage(policyText('fieldAdded', { version: saved.version }))
            })
          }
        >
          {policyText('addField')}
        </button>
      </section>

      <VersionHistory
        versions={versions}
        currentVersion={version}
        busy={busy}
        onRestore={(old) =>
          run(async () => {
            const saved = await policyApi.restore(old)
            await reload()
            setMessage(policyText('restored', { old, version: saved.version }))
          })
        }
      />
      <AttestationPanel data={attestation} busy={busy} onRunAudit={() => run(async () => setAttestation(await policyApi.runAudit()))} />
    </section>
  )
}
