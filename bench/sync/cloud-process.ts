/**
 * Runs a cloud with embedded storage in its own process for the sync benchmark, as in a
 * deployment where edge and cloud are different machines. The parent drives it over IPC:
 * each message `{ id, op, ... }` gets one reply `{ id, result }` or `{ id, error }`.
 */
import type { AllowedFieldSet } from '@enclave/shared'
import { siteDatabaseName } from '@enclave/cloud/storage/types'
import { startTestCloud } from '@enclave/cloud/testing/test-cloud'

export type CloudRequest =
  | { op: 'createSite'; siteId: string }
  | { op: 'count'; siteId: string }
  | { op: 'field'; siteId: string; docId: string; field: string }
  | { op: 'publishPolicy'; siteId: string; allowed: AllowedFieldSet }
  | { op: 'patch'; siteId: string; docId: string; body: Record<string, unknown> }
  | { op: 'close' }

const dataDir = process.argv[2]
if (!dataDir || !process.send) throw new Error('usage: fork cloud-process.ts DATA_DIR with an IPC channel')

process.env.LOG_LEVEL ??= 'warn'
const cloud = await startTestCloud({ dataDir })

async function handle(request: CloudRequest): Promise<unknown> {
  switch (request.op) {
    case 'createSite': {
      const created = await cloud.api.post('/api/sites', { siteId: request.siteId, name: request.siteId })
      if (created.status !== 201) throw new Error(`creating site ${request.siteId} failed: ${JSON.stringify(created.body)}`)
      return created.body.enrolmentCode
    }
    case 'count':
      return (await (await cloud.context.storage.database(siteDatabaseName(request.siteId))).info()).doc_count
    case 'field': {
      const doc = await (await cloud.context.storage.database(siteDatabaseName(request.siteId))).get(request.docId)
      return (doc as Record<string, unknown> | undefined)?.[request.field]
    }
    case 'publishPolicy':
      await cloud.context.sites.publishPolicy(request.siteId, request.allowed)
      return null
    case 'patch': {
      const patched = await cloud.api.patch(`/api/sites/${request.siteId}/contacts/${request.docId}`, request.body)
      if (patched.status !== 200) throw new Error(`cloud edit failed: ${JSON.stringify(patched.body)}`)
      return null
    }
    case 'close':
      await cloud.close()
      setImmediate(() => process.exit(0))
      return null
  }
}

process.on('message', (message: { id: number } & CloudRequest) => {
  handle(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: Error) => process.send?.({ id: message.id, error: error.message }),
  )
})
process.send({ ready: true, url: cloud.url })
