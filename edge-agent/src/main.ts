import { runService } from '@enclave/shared/node/run-service'
import { defaultWebDir } from '@enclave/shared/node/static'
import { limitHeapGrowth } from './heap'
import { readEdgeConfig, startEdge } from './index'

await runService(() => {
  const config = readEdgeConfig()
  limitHeapGrowth(config.heapGrowthPercent)
  config.webDir ??= defaultWebDir()
  return startEdge(config)
})
