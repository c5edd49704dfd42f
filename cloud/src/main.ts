import { defaultWebDir } from '@enclave/shared/node/static'
import { ConfigError, readCloudConfig, startCloud } from './index'

try {
  const config = readCloudConfig()
  config.webDir ??= defaultWebDir()
  const cloud = await startCloud(config)
  const stop = () => {
    cloud.close().then(
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
