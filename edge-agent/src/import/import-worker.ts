import type { EdgeContext } from '../context'
import type { EdgeWorker } from '../index'
import { ImportService } from './import-service'

const services = new WeakMap<EdgeContext, ImportService>()

/** Returns the import service of an edge, creating it on first use. */
export function importServiceOf(context: EdgeContext): ImportService {
  let service = services.get(context)
  if (!service) {
    service = new ImportService(context)
    services.set(context, service)
  }
  return service
}

/** Time between checks for expired uploads: hourly, because the retention is counted in days. */
const EXPIRY_INTERVAL_MS = 60 * 60 * 1000

/**
 * Resumes import batches that a stopped or killed edge left queued, running or undoing, and on
 * stop lets running batches finish their current chunk so they resume at the next start. Also
 * deletes uploads that never ran once they pass the retention period, and files no batch needs:
 * at start, then hourly.
 */
export function startImportWorker(context: EdgeContext): EdgeWorker {
  const service = importServiceOf(context)
  service.resumeAll().catch((error: unknown) => context.logger.error({ err: error }, 'resuming import batches failed'))

  const tidy = () => {
    service.expireUploads().catch((error: unknown) => context.logger.error({ err: error }, 'deleting expired import uploads failed'))
    service.removeUnusedFiles().catch((error: unknown) => context.logger.error({ err: error }, 'deleting unused import files failed'))
  }
  tidy()
  const timer = setInterval(tidy, EXPIRY_INTERVAL_MS)
  timer.unref()

  return {
    name: 'imports',
    stop: () => {
      clearInterval(timer)
      return service.stop()
    },
  }
}
