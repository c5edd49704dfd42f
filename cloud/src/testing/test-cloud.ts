import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ApiClient } from '@enclave/shared/testing/api-client'
import { readCloudConfig, startCloud, type CloudConfig, type RunningCloud, type StartCloudOptions } from '../index'

export interface TestCloud extends RunningCloud {
  dataDir: string
  api: ApiClient
  /** Stops the cloud and deletes its data folder. */
  destroy(): Promise<void>
}

/**
 * Starts a real cloud on a loopback port chosen by the OS, with embedded storage in a new
 * temporary folder unless `couchdbUrl` is given. Pass `dataDir` to restart on earlier data.
 */
export async function startTestCloud(overrides: Partial<CloudConfig> = {}, options: StartCloudOptions = {}): Promise<TestCloud> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cloud-'))
  const config: CloudConfig = { ...readCloudConfig({}), port: 0, host: '127.0.0.1', webDir: undefined, ...overrides, dataDir }
  const cloud = await startCloud(config, options)

  return {
    ...cloud,
    dataDir,
    api: new ApiClient(cloud.url),
    async destroy() {
      await cloud.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
