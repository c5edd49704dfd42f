import { serve, type ServerType } from '@hono/node-server'
import { closeServer } from '@enclave/shared/node/close-server'
import { createClock } from '@enclave/shared'
import { createLogger } from '@enclave/shared/node/log'
import type { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import type { CloudConfig } from './config'
import type { CloudContext, CloudHooks } from './context'
import { createCloudApp } from './http/app'
import type { CloudEnv } from './http/env'
import { SiteRegistry } from './sites/site-registry'
import { openStorage } from './storage/open-storage'
import { META_DATABASE } from './storage/types'
import { VERSION } from './version'
import { openCloudAuth } from './auth/open-cloud-auth'

export interface RunningCloud {
  url: string
  port: number
  app: Hono<CloudEnv>
  context: CloudContext
  close(): Promise<void>
}

export interface StartCloudOptions {
  hooks?: CloudHooks
}

/** Opens the cloud's storage and starts its HTTP server. */
export async function startCloud(config: CloudConfig, options: StartCloudOptions = {}): Promise<RunningCloud> {
  const logger = createLogger('cloud')
  const storage = await openStorage(config)
  const meta = await storage.database(META_DATABASE)
  const shutdown = new AbortController()
  const { auth, db: authDb } = await openCloudAuth(config, logger)
  const context: CloudContext = {
    config,
    version: VERSION,
    logger,
    storage,
    sites: new SiteRegistry(storage, meta),
    clock: createClock('cloud'),
    hooks: options.hooks ?? {},
    shutdown: shutdown.signal,
    auth,
  }
  const app = createCloudApp(context)

  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(started))
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${config.host}:${port}`
  logger.info({ url, storage: storage.kind }, 'cloud started')

  return {
    url,
    port,
    app,
    context,
    async close() {
      shutdown.abort()
      await closeServer(server)
      await storage.close()
      await authDb.close()
      logger.info('cloud stopped')
    },
  }
}

export { readCloudConfig, ConfigError } from './config'
export type { CloudConfig } from './config'
export type { CloudContext, CloudHooks, SyncRequestRecord } from './context'
