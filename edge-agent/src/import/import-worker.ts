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

/**
 * Resumes import batches that a stopped or killed edge left queued, running or undoing, and on
 * stop lets running batches finish their current chunk so they resume at the next start.
 */
export function startImportWorker(context: EdgeContext): EdgeWorker {
  const service = importServiceOf(context)
  service.resumeAll().catch((error: unknown) => context.logger.error({ err: error }, 'resuming import batches failed'))
  return { name: 'imports', stop: () => service.stop() }
}
