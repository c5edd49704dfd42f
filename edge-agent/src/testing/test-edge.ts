import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Role } from '@enclave/shared/auth/index'
import { readEdgeConfig, startEdge, type EdgeConfig, type RunningEdge } from '../index'
import { ApiClient } from './api-client'

/** Password of the administrator that test edges create; tests only. */
export const TEST_ADMIN_PASSWORD = 'correct horse battery staple'
/** Password of every user that `signIn()` creates; tests only. */
export const TEST_USER_PASSWORD = 'tests only passphrase 42'
export const TEST_ADMIN_USERNAME = 'admin'

export interface TestEdge extends RunningEdge {
  dataDir: string
  /** Client signed in as an administrator, ready for any API call. */
  api: ApiClient
  /**
   * Creates a user with `role` (or reuses it) and returns a client signed in as that user.
   * The password is `TEST_USER_PASSWORD`.
   */
  signIn(role: Role, options?: { username?: string; recordScope?: 'all' | 'own' }): Promise<ApiClient>
  /** Returns a client without a session. */
  anonymous(): ApiClient
  /** Stops the edge and deletes its data folder. */
  destroy(): Promise<void>
}

/**
 * Signs `api` in with a user name and password and makes it send the session's CSRF token.
 * Throws with the server's error when sign-in fails.
 */
export async function signInClient(api: ApiClient, username: string, password: string): Promise<void> {
  const response = await api.post('/api/auth/login', { username, password })
  if (response.status !== 200) throw new Error(`sign-in as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`)
  api.headers['x-csrf-token'] = response.body.csrfToken
}

async function signInAdmin(edge: RunningEdge, api: ApiClient): Promise<void> {
  const token = edge.context.auth.setup.pending()
  if (!token) return signInClient(api, TEST_ADMIN_USERNAME, TEST_ADMIN_PASSWORD)

  const response = await api.post('/api/auth/setup', { token, username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD })
  if (response.status !== 201) throw new Error(`first-admin setup failed: ${response.status} ${JSON.stringify(response.body)}`)
  api.headers['x-csrf-token'] = response.body.csrfToken
}

/**
 * Starts a real edge on a loopback port chosen by the OS, with its data in a new temporary
 * folder, creates the first administrator with the setup token and signs `api` in as it.
 * Pass `dataDir` to restart on the data of an earlier run.
 */
export async function startTestEdge(overrides: Partial<EdgeConfig> = {}): Promise<TestEdge> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-edge-'))
  const config: EdgeConfig = { ...readEdgeConfig({}), port: 0, host: '127.0.0.1', ...overrides, dataDir }
  const edge = await startEdge(config)
  const api = new ApiClient(edge.url)
  await signInAdmin(edge, api)

  return {
    ...edge,
    dataDir,
    api,
    anonymous: () => new ApiClient(edge.url),
    async signIn(role, options = {}) {
      const username = options.username ?? `test-${role}`
      const password = TEST_USER_PASSWORD
      if (!edge.context.auth.users.findByUsername(username)) {
        const created = await api.post('/api/users', { username, password, role, recordScope: options.recordScope })
        if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`)
      }
      const client = new ApiClient(edge.url)
      await signInClient(client, username, password)
      return client
    },
    async destroy() {
      await edge.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
