import type { Logger } from '@enclave/shared/node/log'
import type { CloudConfig } from './config'

/** Everything the cloud's routes share; built once at start. */
export interface CloudContext {
  config: CloudConfig
  version: string
  logger: Logger
}
