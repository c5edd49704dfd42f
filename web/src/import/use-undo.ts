import { useState } from 'preact/hooks'
import { errorText } from '../app/error-text'
import { t } from '../app/i18n'
import { RequestError } from '../pages/reports/request'
import { importApi, type Batch } from './import-api'

export type UndoState = 'idle' | 'undoing' | 'undone'

/**
 * State of undoing one batch: `undo` sends the request, and `status` is the sentence to show
 * in a live region. `onUndone` runs after the edge reports the batch undone.
 */
export function useUndo(batch: Batch, onUndone?: () => void) {
  const [state, setState] = useState<UndoState>(batch.status === 'undone' ? 'undone' : 'idle')
  const [status, setStatus] = useState('')

  const undo = async () => {
    setState('undoing')
    setStatus(t('import.undoing'))
    try {
      const result = await importApi.undo(batch.batchId)
      setState('undone')
      setStatus(t('import.undone', { ...result }))
      onUndone?.()
    } catch (failure) {
      // A second undo of the same batch, or one during a run, is rejected with 409.
      if (failure instanceof RequestError && failure.status === 409) {
        const undone = failure.params?.status === 'undone'
        setState(undone ? 'undone' : 'idle')
        setStatus(undone ? t('import.alreadyUndone') : t('import.undoConflict'))
        return
      }
      setState('idle')
      setStatus(errorText(failure))
    }
  }

  return { state, status, undo }
}
