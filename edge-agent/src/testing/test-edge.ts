import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readEdgeConfig, startEdge, type EdgeConfig, type RunningEdge } from '../index'
import { ApiClient } from './api-client'

export interface TestEdge extends RunningEdge {
  dataDir: string
  /** Client signed in as an administrator, ready for any API call. */
  api: ApiClient
  /** Stops the edge and deletes its data folder. */
  destroy(): Promise<void>
}

/**
 * Starts a real edge on a loopback port chosen by the OS, with its data in a new temporary
 * folder. Pass `dataDir` to restart on the data of an earlier run.
 */
export async function startTestEdge(overrides: Partial<EdgeConfig> = {}): Promise<TestEdge> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-edge-'))
  const config: EdgeConfig = { ...readEdgeConfig({}), port: 0, host: '127.0.0.1', ...overrides, dataDir }
  const edge = await startEdge(config)
  const api = new ApiClient(edge.url)

  return {
    ...edge,
    dataDir,
    api,
    async destroy() {
      await edge.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
