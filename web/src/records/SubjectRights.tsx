import { useRef, useState } from 'preact/hooks'
import type { RecordDoc } from '../app/api-client'
import { errorText } from '../app/error-text'
import { t } from '../app/i18n'
import { request } from '../pages/reports/request'

/** Word an admin may type to confirm an erasure instead of the contact's name. */
export const ERASE_WORD = 'ERASE'

/** `POST /api/contacts/:id/erase` output: counts of what the edge removed, and the cloud step. */
interface ErasureResult {
  linkedDeleted: number
  linkedKept: number
  historyEntries: number
  campaignMemberships: number
  rejectedRows: number
  undoSnapshots: number
  uploadsDeleted: number
  cloud: 'erased' | 'pending' | 'not_enrolled'
}

type Step = { kind: 'idle' } | { kind: 'erasing' } | { kind: 'failed'; message: string } | { kind: 'done'; result: ErasureResult }

/**
 * Tells whether `typed` confirms the erasure of the contact titled `title`: the title or
 * `ERASE`, ignoring case and the spaces around it.
 */
export function confirmsErasure(typed: string, title: string): boolean {
  const text = typed.trim().toLocaleLowerCase()
  return text !== '' && (text === title.trim().toLocaleLowerCase() || text === ERASE_WORD.toLowerCase())
}

/**
 * Admin actions for a data subject on a contact page at the edge: download everything the site
 * stores about the person, and erase the person after a confirmation dialog.
 */
export function SubjectRights({ doc, title, onErased }: { doc: RecordDoc; title: string; onErased: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [typed, setTyped] = useState('')
  const [reason, setReason] = useState('')
  const [linked, setLinked] = useState<'keep' | 'delete'>('keep')
  const [step, setStep] = useState<Step>({ kind: 'idle' })
  const path = `/api/contacts/${encodeURIComponent(doc._id)}`
  const ready = confirmsErasure(typed, title) && reason.trim() !== '' && step.kind !== 'erasing'

  const erase = async () => {
    setStep({ kind: 'erasing' })
    try {
      setStep({ kind: 'done', result: await request<ErasureResult>('POST', `${path}/erase`, { reason: reason.trim(), linked }) })
    } catch (error) {
      setStep({ kind: 'failed', message: errorText(error) })
    }
  }

  const close = () => {
    dialog.current?.close()
    if (step.kind === 'done') onErased()
  }

  return (
    <>
      <a class="button" href={`${path}/subject-data`} download>{t('subject.export')}</a>
      <button type="button" class="danger" onClick={() => dialog.current?.showModal()}>{t('subject.erase')}</button>
      <dialog ref={dialog} class="subject-erase" aria-labelledby="erase-title" onClose={() => step.kind === 'done' && onErased()}>
        <h2 id="erase-title">{t('subject.eraseTitle', { title })}</h2>
        {step.kind === 'done' ? (
          <ErasureSummary result={step.result} />
        ) : (
          <form
            method="dialog"
            onSubmit={(event) => {
              event.preventDefault()
              if (ready) void erase()
            }}
          >
            <p>{t('subject.removes')}</p>
            <p>{t('subject.notRemoved')}</p>
            <fieldset>
              <legend>{t('subject.linked')}</legend>
              <label><input type="radio" name="linked" checked={linked === 'keep'} onChange={() => setLinked('keep')} /> {t('subject.linkedKeep')}</label>
              <label><input type="radio" name="linked" checked={linked === 'delete'} onChange={() => setLinked('delete')} /> {t('subject.linkedDelete')}</label>
            </fieldset>
            <label for="erase-reason">{t('subject.reason')}</label>
            <textarea id="erase-reason" required maxLength={500} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
            <label for="erase-confirm">{t('subject.typeToConfirm', { title, word: ERASE_WORD })}</label>
            <input id="erase-confirm" autoComplete="off" value={typed} onInput={(event) => setTyped(event.currentTarget.value)} />
            {step.kind === 'erasing' ? <p role="status">{t('subject.erasing')}</p> : null}
            {step.kind === 'failed' ? <p role="alert" class="field-error">{step.message}</p> : null}
            <div class="dialog-buttons">
              <button type="button" onClick={close}>{t('record.cancel')}</button>
              <button type="submit" class="danger" disabled={!ready}>{t('subject.eraseNow')}</button>
            </div>
          </form>
        )}
        {step.kind === 'done' ? <div class="dialog-buttons"><button type="button" onClick={close}>{t('subject.close')}</button></div> : null}
      </dialog>
    </>
  )
}

function ErasureSummary({ result }: { result: ErasureResult }) {
  return (
    <div role="status">
      <p>{t('subject.erased')}</p>
      <ul>
        <li>{t('subject.countLinked', { deleted: result.linkedDeleted, kept: result.linkedKept })}</li>
        <li>{t('subject.countHistory', { count: result.historyEntries })}</li>
        <li>{t('subject.countImports', { rows: result.rejectedRows, snapshots: result.undoSnapshots, uploads: result.uploadsDeleted })}</li>
        <li>{t(`subject.cloud.${result.cloud}`)}</li>
      </ul>
    </div>
  )
}
