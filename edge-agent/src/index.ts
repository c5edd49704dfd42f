import { serve, type ServerType } from '@hono/node-server'
import { closeServer } from '@enclave/shared/node/close-server'
import { createClock } from '@enclave/shared'
import type { AddressInfo } from 'node:net'
import type { Hono } from 'hono'
import type { EdgeEnv } from './http/env'
import type { EdgeConfig } from './config'
import type { EdgeContext } from './context'
import { createEdgeApp } from './http/app'
import { createLogger } from './log'
import { PolicyStore } from './policy/policy-store'
import { PolicyVersions } from './policy/policy-versions'
import { RecordStore } from './records/record-store'
import { loadOrCreateSecrets } from './secrets'
import { closeEdgeDatabases, openEdgeDatabases } from './storage/pouch'
import { VERSION } from './version'
import { openEdgeSecurity } from './auth/open-security'
import { startAuditRecorder } from './audit/audit-recorder'
import { startImportWorker } from './import/import-worker'
import { startSync } from './sync/sync-service'
import { startResidencyEnforcer } from './policy/residency-enforcer'
import { startCampaigns } from './campaigns/campaign-service'
import { startCloudErasure } from './subject/cloud-erasure'

export interface RunningEdge {
  url: string
  port: number
  app: Hono<EdgeEnv>
  context: EdgeContext
  close(): Promise<void>
}

/** Background work that starts with the edge and stops before its databases close. */
export interface EdgeWorker {
  name: string
  stop(): Promise<void>
}

/** Opens the data folder, loads the index and starts the HTTP server and background workers. */
export async function startEdge(config: EdgeConfig): Promise<RunningEdge> {
  const logger = createLogger('edge').child({ siteId: config.siteId })
  const databases = openEdgeDatabases(config.dataDir)
  const secrets = await loadOrCreateSecrets(config.dataDir)
  const clock = createClock(config.siteId)

  const store = new RecordStore(databases.records, clock)
  const policies = new PolicyStore(databases.meta)
  await Promise.all([store.open(), policies.open()])
  const policyVersions = new PolicyVersions(databases.meta, policies, store)
  await policyVersions.open()
  const { auth, audit } = await openEdgeSecurity(config, databases, secrets, logger)

  const context: EdgeContext = { config, version: VERSION, databases, secrets, clock, logger, store, policies, policyVersions, auth, audit }
  const app = createEdgeApp(context)
  const workers: EdgeWorker[] = []
  workers.push(startAuditRecorder(context))
  workers.push(startImportWorker(context))
  workers.push(await startSync(context))
  workers.push(await startResidencyEnforcer(context))
  workers.push(startCampaigns(context))
  workers.push(await startCloudErasure(context))

  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(started))
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${config.host}:${port}`
  logger.info({ url, dataDir: config.dataDir, cloudUrl: config.cloudUrl ?? null }, 'edge started')

  return {
    url,
    port,
    app,
    context,
    async close() {
      for (const worker of workers.reverse()) await worker.stop()
      await closeServer(server)
      await context.store.close()
      await closeEdgeDatabases(databases)
      logger.info('edge stopped')
    },
  }
}

export { readEdgeConfig, ConfigError } from './config'
export type { EdgeConfig } from './config'
export type { EdgeContext } from './context'
