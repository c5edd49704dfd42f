import type { SyncRequestRecord } from '@enclave/cloud'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { siteDatabaseName, type DocumentDatabase, type StoredDocument } from '@enclave/cloud/storage/types'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import type { EdgeConfig } from '@enclave/edge-agent'

// Replication retries quickly in these tests, so reconnects take a fraction of a second.
process.env.SYNC_RETRY_INITIAL_MS ??= '100'
process.env.SYNC_RETRY_MAX_MS ??= '500'

/** Polls `check` until it returns a value other than undefined or false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000, pollMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== false) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

/** Starts a cloud that records every sync request body it receives. */
export async function startRecordingCloud(): Promise<{ cloud: TestCloud; requests: SyncRequestRecord[] }> {
  const requests: SyncRequestRecord[] = []
  const cloud = await startTestCloud({}, { hooks: { onSyncRequestBody: (request) => requests.push(request) } })
  return { cloud, requests }
}

/** Creates the site at the cloud and returns its one-time enrolment code. */
export async function createSite(cloud: TestCloud, siteId: string): Promise<string> {
  const created = await cloud.api.post('/api/sites', { siteId, name: `Site ${siteId}` })
  if (created.status !== 201) throw new Error(`creating site ${siteId} failed: ${created.status} ${JSON.stringify(created.body)}`)
  return created.body.enrolmentCode as string
}

/** Starts an edge for `siteId` pointed at `cloudUrl` and enrols it with a fresh code. */
export async function startEnrolledEdge(cloud: TestCloud, siteId: string, overrides: Partial<EdgeConfig> = {}): Promise<TestEdge> {
  const code = await createSite(cloud, siteId)
  const edge = await startTestEdge({ siteId, cloudUrl: cloud.url, ...overrides })
  const enrolled = await edge.api.post('/api/sync/enrol', { enrolmentCode: code })
  if (enrolled.status !== 200) throw new Error(`enrolling ${siteId} failed: ${enrolled.status} ${JSON.stringify(enrolled.body)}`)
  return edge
}

export async function siteDatabase(cloud: TestCloud, siteId: string): Promise<DocumentDatabase> {
  return cloud.context.storage.database(siteDatabaseName(siteId))
}

/** Reads a cloud document, or undefined when it is missing or deleted. */
export async function cloudDoc(cloud: TestCloud, siteId: string, id: string): Promise<StoredDocument | undefined> {
  return (await siteDatabase(cloud, siteId)).get(id)
}

/** Reads every live document of the edge's outbox by id, without revision keys. */
export async function outboxContents(edge: TestEdge): Promise<Map<string, string>> {
  const page = await edge.context.databases.outbox.allDocs({ include_docs: true })
  return new Map(page.rows.map((row) => [row.id, JSON.stringify(withoutRev(row.doc as unknown as Record<string, unknown>))]))
}

/** Reads every live document of the site's cloud database by id, without revision keys. */
export async function cloudContents(cloud: TestCloud, siteId: string): Promise<Map<string, string>> {
  const page = await (await siteDatabase(cloud, siteId)).allDocs({ includeDocs: true })
  return new Map(page.rows.filter((row) => !row.value.deleted).map((row) => [row.id, JSON.stringify(withoutRev(row.doc as unknown as Record<string, unknown>))]))
}

function withoutRev(doc: Record<string, unknown>): Record<string, unknown> {
  const { _rev, _conflicts, ...rest } = doc
  return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** Waits until the cloud contains exactly the edge's outbox documents, with no conflicts left. */
export async function waitForConvergence(edge: TestEdge, cloud: TestCloud, siteId: string, timeoutMs = 60_000): Promise<Map<string, string>> {
  return waitFor(
    'edge and cloud to converge',
    async () => {
      await edge.context.sync!.drain()
      const [edgeDocs, cloudDocs] = await Promise.all([outboxContents(edge), cloudContents(cloud, siteId)])
      if (edgeDocs.size !== cloudDocs.size) return false
      for (const [id, body] of edgeDocs) if (cloudDocs.get(id) !== body) return false
      // Equal winners are not enough: a pulled revision can sit beside the edge's own until
      // the merger's next pass, while the cloud has not yet received the edge's one.
      const [edgeLeaves, cloudLeaves] = await Promise.all([
        edge.context.databases.outbox.allDocs({ include_docs: true, conflicts: true }),
        (await siteDatabase(cloud, siteId)).allDocs({ includeDocs: true, conflicts: true }),
      ])
      if (edgeLeaves.rows.some((row) => (row.doc as { _conflicts?: string[] } | undefined)?._conflicts?.length)) return false
      if (cloudLeaves.rows.some((row) => (row.doc?._conflicts as string[] | undefined)?.length)) return false
      return edgeDocs
    },
    timeoutMs,
  )
}
