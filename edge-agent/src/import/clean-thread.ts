import { parentPort, workerData } from 'node:worker_threads'
import { cleanRow, compileCleanPlan } from '@enclave/shared/import/index'
import type { CleanRequest, CleanResponse, PlanInput } from './row-cleaner'

// The thread compiles its own plan from the batch's mapping, since a plan contains caches and
// field definitions that are cheaper to rebuild than to send with every chunk.
const input = workerData as PlanInput
const plan = compileCleanPlan(input.type, input.columns, input.settings, input.customFields)

parentPort!.on('message', (request: CleanRequest) => {
  let response: CleanResponse
  try {
    response = { id: request.id, cleaned: request.rows.map(([row, cells]) => cleanRow(plan, cells, row)) }
  } catch (error) {
    response = { id: request.id, error: (error as Error).message }
  }
  parentPort!.postMessage(response)
})
