import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Role } from '@enclave/shared/auth/index'
import { ApiClient } from '@enclave/shared/testing/api-client'
import { readCloudConfig, startCloud, type CloudConfig, type RunningCloud, type StartCloudOptions } from '../index'

/** Password of the cloud administrator that test clouds create; tests only. */
export const TEST_CLOUD_ADMIN_PASSWORD = 'correct horse battery staple'
/** Password of every user that `signIn()` creates; tests only. */
export const TEST_CLOUD_USER_PASSWORD = 'tests only passphrase 42'

export interface TestCloud extends RunningCloud {
  dataDir: string
  /** Client signed in as the cloud administrator, with the CSRF header set. */
  api: ApiClient
  /**
   * Creates a user with `role` and site grants (or reuses it) and returns a client signed in
   * as that user. The password is `TEST_CLOUD_USER_PASSWORD`.
   */
  signIn(role: Role, options?: { username?: string; sites?: string[] }): Promise<ApiClient>
  /** Returns a client without a session. */
  anonymous(): ApiClient
  /** Stops the cloud and deletes its data folder. */
  destroy(): Promise<void>
}

/** Signs `api` in and makes it send the session's CSRF token; throws when sign-in fails. */
export async function signInCloudClient(api: ApiClient, username: string, password: string): Promise<void> {
  const response = await api.post('/api/auth/login', { username, password })
  if (response.status !== 200) throw new Error(`sign-in as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`)
  api.headers['x-csrf-token'] = response.body.csrfToken
}

async function signInCloudAdmin(cloud: RunningCloud, api: ApiClient): Promise<void> {
  const token = cloud.context.auth.setup.pending()
  if (!token) return signInCloudClient(api, 'admin', TEST_CLOUD_ADMIN_PASSWORD)

  const response = await api.post('/api/auth/setup', { token, username: 'admin', password: TEST_CLOUD_ADMIN_PASSWORD })
  if (response.status !== 201) throw new Error(`cloud admin setup failed: ${response.status} ${JSON.stringify(response.body)}`)
  api.headers['x-csrf-token'] = response.body.csrfToken
}

/**
 * Starts a real cloud on a loopback port chosen by the OS, with embedded storage in a new
 * temporary folder unless `couchdbUrl` is given, creates the first administrator with the
 * setup token and signs `api` in as it. Pass `dataDir` to restart on earlier data.
 */
export async function startTestCloud(overrides: Partial<CloudConfig> = {}, options: StartCloudOptions = {}): Promise<TestCloud> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cloud-'))
  const config: CloudConfig = { ...readCloudConfig({}), port: 0, host: '127.0.0.1', webDir: undefined, ...overrides, dataDir }
  const cloud = await startCloud(config, options)
  const api = new ApiClient(cloud.url)
  await signInCloudAdmin(cloud, api)

  return {
    ...cloud,
    dataDir,
    api,
    anonymous: () => new ApiClient(cloud.url),
    async signIn(role, signInOptions = {}) {
      const username = signInOptions.username ?? `test-${role}`
      if (!cloud.context.auth.users.findByUsername(username)) {
        const body = { username, password: TEST_CLOUD_USER_PASSWORD, role, sites: signInOptions.sites ?? [] }
        const created = await api.post('/api/users', body)
        if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`)
      }
      const client = new ApiClient(cloud.url)
      await signInCloudClient(client, username, TEST_CLOUD_USER_PASSWORD)
      return client
    },
    async destroy() {
      await cloud.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
