import { ConfigError, readEdgeConfig, startEdge } from './index'
import { defaultWebDir } from '@enclave/shared/node/static'

try {
  const config = readEdgeConfig()
  config.webDir ??= defaultWebDir()
  const edge = await startEdge(config)
  const stop = () => {
    edge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(2)
  }
  throw error
}
