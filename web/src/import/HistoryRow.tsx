import { useEffect } from 'preact/hooks'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { errorText } from '../app/error-text'
import { t } from '../app/i18n'
import { formatDateTime } from '../app/locale-format'
import { actionsFor } from './batch-actions'
import { importApi, type Batch } from './import-api'
import { describeCounts } from './RunProgress'
import { UndoButton } from './UndoButton'
import { useUndo, type UndoState } from './use-undo'

interface Props {
  batch: Batch
  /** The signed-in user's id, to name their own batches "You". */
  userId: string
  onFollow: (batch: Batch) => void
  onChange: (batch: Batch) => void
  onRemove: (batch: Batch) => void
  /** Receives a sentence for the page's live region. */
  onStatus: (message: string) => void
}

/** Returns who started a batch, by the name the edge adds. A command-line batch shows its actor, `cli`. */
function describeStarter(batch: Batch, userId: string): string {
  if (batch.createdBy === userId) return t('importHistory.you')
  if (batch.createdByName) return batch.createdByName
  if (batch.createdByDeleted) return t('importHistory.deletedUser')
  return batch.createdBy ?? ''
}

function formatTime(iso: string | undefined): string {
  return iso ? formatDateTime(iso) : ''
}

/** Undo state shown for a batch: a finished or running undo wins over the button's own state. */
function shownUndoState(batch: Batch, state: UndoState): UndoState {
  if (batch.status === 'undone') return 'undone'
  if (batch.status === 'undoing') return 'undoing'
  return state
}

/** Shows one batch of the import history with the actions its status allows. */
export function HistoryRow({ batch, userId, onFollow, onChange, onRemove, onStatus }: Props) {
  const fileName = batch.fileName ?? batch.batchId
  const { state, status, undo } = useUndo(batch, () => importApi.get(batch.batchId).then(onChange, (failure) => onStatus(errorText(failure))))
  const actions = actionsFor(batch.status)
  const plural = batch.type ? ENTITY_SCHEMAS[batch.type].plural : ''

  useEffect(() => {
    if (status) onStatus(status)
  }, [status])

  const confirmUndo = () => {
    if (!confirm(t('importHistory.confirmUndo', { fileName }))) return
    void undo()
  }

  const remove = async () => {
    const question = batch.status === 'uploaded' ? 'importHistory.confirmDeleteUpload' : 'importHistory.confirmDeleteRun'
    if (!confirm(t(question, { fileName }))) return
    try {
      await importApi.remove(batch.batchId)
      onRemove(batch)
      onStatus(t('importHistory.deleted', { fileName }))
    } catch (failure) {
      onStatus(errorText(failure))
    }
  }

  return (
    <tr data-batch={batch.batchId}>
      <td title={fileName}>{fileName}</td>
      <td>{plural ? t(`nav.${plural}`) : ''}</td>
      <td data-testid="batch-status">{t(`importHistory.statuses.${batch.status}`)}</td>
      <td data-testid="batch-counts">{batch.status === 'uploaded' || !batch.counts ? '' : describeCounts(batch.counts)}</td>
      <td>{formatTime(batch.startedAt ?? batch.createdAt)}</td>
      <td>{formatTime(batch.finishedAt)}</td>
      <td data-testid="batch-starter">{describeStarter(batch, userId)}</td>
      <td>
        <div class="history-actions">
          {actions.follow ? <button type="button" onClick={() => onFollow(batch)}>{t('importHistory.follow')}</button> : null}
          {actions.download ? <a class="button" href={importApi.rejectedUrl(batch.batchId)} download>{t('import.rejected')}</a> : null}
          {actions.undo ? <UndoButton state={shownUndoState(batch, state)} onClick={confirmUndo} /> : null}
          {actions.remove ? <button type="button" onClick={() => void remove()}>{t('importHistory.delete')}</button> : null}
        </div>
      </td>
    </tr>
  )
}
