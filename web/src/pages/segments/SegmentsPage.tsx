import type { RefObject } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { SEGMENT_ENTITY_TYPES, SEGMENT_OPERATORS, type SegmentCondition, type SegmentOperator } from '@enclave/shared/segments/conditions'
import { fieldLabel, typeLabel } from '../../app/field-labels'
import { reportText, segmentTerm } from '../reports/report-text'
import '../reports/reports.css'
import { segmentApi, type MemberView, type SegmentDraft, type SegmentView } from './segment-api'
import { errorText } from '../../app/error-text'
import { isCreatable, useApp } from '../../app/app-context'
import { currentLanguage, t } from '../../app/i18n'
import { EmptyList } from '../../shell/StateMessage'

const EMPTY_DRAFT: SegmentDraft = { name: '', entityType: 'contact', match: 'all', conditions: [] }

function titleOf(member: MemberView, type: SegmentDraft['entityType']): string {
  const parts = ENTITY_SCHEMAS[type].titleFields.map((field) => member[field]).filter(Boolean)
  return parts.length > 0 ? parts.join(' ') : member._id
}

function ConditionRow({ type, condition, onChange, onRemove }: { type: SegmentDraft['entityType']; condition: SegmentCondition; onChange: (next: SegmentCondition) => void; onRemove: () => void }) {
  return (
    <div class="crm-form" data-condition>
      <label>
        {reportText('field')}
        <select value={condition.field} onChange={(event) => onChange({ ...condition, field: (event.target as HTMLSelectElement).value })}>
          {ENTITY_SCHEMAS[type].fields.map((field) => (
            <option key={field.name} value={field.name}>{fieldLabel(field)}</option>
          ))}
        </select>
      </label>
      <label>
        {reportText('operator')}
        <select value={condition.op} onChange={(event) => onChange({ ...condition, op: (event.target as HTMLSelectElement).value as SegmentOperator })}>
          {SEGMENT_OPERATORS.map((op) => (
            <option key={op} value={op}>{segmentTerm('op', op)}</option>
          ))}
        </select>
      </label>
      <label>
        {reportText('value')}
        <input value={condition.value} onInput={(event) => onChange({ ...condition, value: (event.target as HTMLInputElement).value })} />
      </label>
      <button type="button" onClick={onRemove}>{reportText('remove')}</button>
    </div>
  )
}

interface SegmentEditorProps {
  draft: SegmentDraft
  preview: { total: number; items: MemberView[] } | null
  /** The name input, which the empty list's create button focuses. */
  nameInput: RefObject<HTMLInputElement>
  onUpdate: (next: Partial<SegmentDraft>) => void
  onPreview: () => void
  onSave: () => void
  onShowMembers: () => void
}

/** Edits a new or saved segment: name, record type, conditions, preview and save. */
function SegmentEditor({ draft, preview, nameInput, onUpdate: update, onPreview, onSave, onShowMembers }: SegmentEditorProps) {
  const firstField = ENTITY_SCHEMAS[draft.entityType].fields[0]!.name

  return (
    <>
      <h2>{draft.id ? draft.name : reportText('newSegment')}</h2>
      <div class="crm-form">
        <label>
          {reportText('name')}
          <input ref={nameInput} name="name" value={draft.name} onInput={(event) => update({ name: (event.target as HTMLInputElement).value })} />
        </label>
        <label>
          {reportText('selects')}
          <select name="entityType" value={draft.entityType} onChange={(event) => update({ entityType: (event.target as HTMLSelectElement).value as SegmentDraft['entityType'], conditions: [] })}>
            {SEGMENT_ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>{typeLabel(type)}</option>
            ))}
          </select>
        </label>
        <label>
          {reportText('match')}
          <select name="match" value={draft.match} onChange={(event) => update({ match: (event.target as HTMLSelectElement).value as SegmentDraft['match'] })}>
            <option value="all">{reportText('matchAll')}</option>
            <option value="any">{reportText('matchAny')}</option>
          </select>
        </label>
      </div>

      {draft.conditions.map((condition, position) => (
        <ConditionRow
          key={position}
          type={draft.entityType}
          condition={condition}
          onChange={(next) => update({ conditions: draft.conditions.map((item, index) => (index === position ? next : item)) })}
          onRemove={() => update({ conditions: draft.conditions.filter((_, index) => index !== position) })}
        />
      ))}

      <div class="crm-form">
        <button type="button" onClick={() => update({ conditions: [...draft.conditions, { field: firstField, op: 'eq', value: '' }] })}>{reportText('addCondition')}</button>
        <button type="button" onClick={onPreview}>{reportText('preview')}</button>
        <button type="button" onClick={onSave}>{reportText('save')}</button>
        {draft.id && <button type="button" onClick={onShowMembers}>{reportText('members')}</button>}
      </div>

      {preview && (
        <div data-preview>
          <p>{reportText('previewShows', { count: preview.total })}</p>
          <ul>
            {preview.items.map((member) => (
              <li key={member._id}>{titleOf(member, draft.entityType)}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  )
}

/**
 * Shows the saved segments with their live member counts and members. Roles that may create
 * segments also get an editor whose preview returns the member count and the first members
 * before the segment is saved.
 */
export function SegmentsPage() {
  // Roles that may not save a segment see the saved ones and their members, but no editor.
  const canSave = isCreatable(useApp(), ENTITY_SCHEMAS.segment)
  const [segments, setSegments] = useState<SegmentView[] | null>(null)
  const [counts, setCounts] = useState<Record<string, number>>({})
  const [draft, setDraft] = useState<SegmentDraft>(EMPTY_DRAFT)
  const [preview, setPreview] = useState<{ total: number; items: MemberView[] } | null>(null)
  const [members, setMembers] = useState<{ total: number; offset: number; items: MemberView[] } | null>(null)
  const [error, setError] = useState('')
  const nameInput = useRef<HTMLInputElement>(null)

  async function reload() {
    const page = await segmentApi.list()
    setSegments(page.items)
    for (const segment of page.items) {
      segmentApi.count(segment._id).then((result) => setCounts((current) => ({ ...current, [segment._id]: result.total })), () => undefined)
    }
  }

  useEffect(() => {
    reload().catch((failure: Error) => setError(errorText(failure)))
  }, [])

  function update(next: Partial<SegmentDraft>) {
    setDraft({ ...draft, ...next })
    setPreview(null)
    setMembers(null)
  }

  async function showMembers(offset: number) {
    if (!draft.id) return
    const page = await segmentApi.members(draft.id, offset)
    setMembers({ total: page.total, offset, items: page.items })
  }

  function run(action: () => Promise<unknown>) {
    setError('')
    action().catch((failure: Error) => setError(errorText(failure)))
  }

  return (
    <section class="segments-page" aria-labelledby="segments-title">
      <h1 id="segments-title">{reportText('segmentsTitle')}</h1>
      {error && <p class="report-error" role="alert">{error}</p>}

      {segments?.length === 0 ? (
        <EmptyList
          items={t('nav.segments').toLocaleLowerCase(currentLanguage())}
          action={canSave ? <button type="button" class="primary" onClick={() => nameInput.current?.focus()}>{reportText('newSegment')}</button> : undefined}
        />
      ) : segments ? (
        <table class="crm-table">
          <thead>
            <tr><th>{reportText('name')}</th><th>{reportText('selects')}</th><th>{reportText('members')}</th></tr>
          </thead>
          <tbody>
            {segments.map((segment) => (
              <tr key={segment._id} data-segment={segment._id}>
                <td>
                  <a href="#" onClick={(event) => { event.preventDefault(); update({ id: segment._id, name: segment.name, entityType: segment.entityType, match: segment.match ?? 'all', conditions: segment.conditions ?? [] }) }}>
                    {segment.name}
                  </a>
                </td>
                <td>{typeLabel(segment.entityType)}</td>
                <td data-count>{counts[segment._id] ?? '…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {canSave ? (
        <SegmentEditor
          draft={draft}
          preview={preview}
          nameInput={nameInput}
          onUpdate={update}
          onPreview={() => run(async () => setPreview(await segmentApi.preview(draft)))}
          onSave={() => run(async () => { const saved = await segmentApi.save(draft); setDraft({ ...draft, id: saved._id }); await reload() })}
          onShowMembers={() => run(() => showMembers(0))}
        />
      ) : draft.id ? (
        <>
          <h2>{draft.name}</h2>
          <button type="button" onClick={() => run(() => showMembers(0))}>{reportText('members')}</button>
        </>
      ) : null}
      {members && (
        <div data-members>
          <p>{reportText('memberCount', { count: members.total })}</p>
          <ul>
            {members.items.map((member) => (
              <li key={member._id}>{titleOf(member, draft.entityType)}</li>
            ))}
          </ul>
          {members.offset > 0 && <button type="button" aria-label={reportText('previous')} onClick={() => run(() => showMembers(Math.max(0, members.offset - 50)))}>←</button>}
          {members.offset + members.items.length < members.total && <button type="button" aria-label={reportText('next')} onClick={() => run(() => showMembers(members.offset + 50))}>→</button>}
        </div>
      )}
    </section>
  )
}
