import { runService } from '@enclave/shared/node/run-service'
import { defaultWebDir } from '@enclave/shared/node/static'
import { readCloudConfig, startCloud } from './index'

await runService(() => {
  const config = readCloudConfig()
  config.webDir ??= defaultWebDir()
  return startCloud(config)
})
