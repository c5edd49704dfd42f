import { t } from '../app/i18n'
import type { Batch } from './import-api'
import { isUnderWay } from './import-progress'
import { RunProgress } from './RunProgress'

/** Shows the progress of one batch. The history page keeps the batch up to date while it runs. */
export function BatchFollower({ batch }: { batch: Batch }) {
  return (
    <section class="batch-follower" aria-labelledby="followed-title" data-testid="followed-batch">
      <h2 id="followed-title">{t('importHistory.progressOf', { fileName: batch.fileName ?? batch.batchId })}</h2>
      <RunProgress batch={batch} finished={!isUnderWay(batch)} />
    </section>
  )
}
