import { t } from '../app/i18n'
import type { UndoState } from './use-undo'

/** Undo button that stays disabled while the undo runs and after it succeeds. */
export function UndoButton({ state, onClick }: { state: UndoState; onClick: () => void }) {
  return (
    <button type="button" disabled={state !== 'idle'} aria-busy={state === 'undoing' ? true : undefined} onClick={onClick}>
      {state === 'undoing' ? t('import.undoing') : t('import.undo')}
    </button>
  )
}
