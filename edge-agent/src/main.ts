import { runService } from '@enclave/shared/node/run-service'
import { defaultWebDir } from '@enclave/shared/node/static'
import { readEdgeConfig, startEdge } from './index'

await runService(() => {
  const config = readEdgeConfig()
  config.webDir ??= defaultWebDir()
  return startEdge(config)
})
