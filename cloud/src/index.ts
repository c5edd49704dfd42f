import { serve, type ServerType } from '@hono/node-server'
import { createLogger } from '@enclave/shared/node/log'
import type { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import type { CloudConfig } from './config'
import type { CloudContext } from './context'
import { createCloudApp } from './http/app'
import type { CloudEnv } from './http/env'
import { VERSION } from './version'

export interface RunningCloud {
  url: string
  port: number
  app: Hono<CloudEnv>
  context: CloudContext
  close(): Promise<void>
}

/** Opens the cloud's storage and starts its HTTP server. */
export async function startCloud(config: CloudConfig): Promise<RunningCloud> {
  const logger = createLogger('cloud')
  const context: CloudContext = { config, version: VERSION, logger }
  const app = createCloudApp(context)

  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(started))
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${config.host}:${port}`
  logger.info({ url, storage: config.couchdbUrl ? 'couchdb' : 'embedded' }, 'cloud started')

  return {
    url,
    port,
    app,
    context,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      logger.info('cloud stopped')
    },
  }
}

export { readCloudConfig, ConfigError } from './config'
export type { CloudConfig } from './config'
