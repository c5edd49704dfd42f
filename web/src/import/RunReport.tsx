import { t } from '../app/i18n'
import { importApi, type Batch } from './import-api'
import { RunProgress } from './RunProgress'
import { UndoButton } from './UndoButton'
import { useUndo } from './use-undo'

interface Props {
  batch: Batch
  finished: boolean
  onAgain: () => void
}

/** Progress of a running batch, then its report with the rejected rows and undo. */
export function RunReport({ batch, finished, onAgain }: Props) {
  const { state, status, undo } = useUndo(batch)

  return (
    <section>
      <h2>{finished ? t('import.report') : t('import.progress')}</h2>
      <RunProgress batch={batch} finished={finished} />
      {finished ? (
        <>
          <a class="button" href={importApi.rejectedUrl(batch.batchId)} download>{t('import.rejected')}</a>{' '}
          <UndoButton state={state} onClick={() => void undo()} />{' '}
          <button type="button" onClick={onAgain}>{t('import.again')}</button>
        </>
      ) : null}
      <p role="status" aria-live="polite">{status}</p>
    </section>
  )
}
