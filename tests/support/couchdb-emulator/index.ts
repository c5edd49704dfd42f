import { serve, type ServerType } from '@hono/node-server'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createEmbeddedStorage } from '@enclave/cloud/storage/embedded'
import { createCouchRoutes, type EmulatorCredentials } from './couch-routes'

export interface CouchEmulator {
  /** Base URL with the credentials in it, as an operator writes COUCHDB_URL. */
  url: string
  /** Stops the server and deletes its data folder. */
  destroy(): Promise<void>
}

/**
 * Starts a CouchDB 3 HTTP emulator for tests on a loopback port chosen by the OS, storing its
 * databases with PouchDB on LevelDB in a new temporary folder. Tests only: it speaks just the
 * part of the API the cloud's CouchDB backend calls.
 */
export async function startCouchEmulator(credentials: EmulatorCredentials = { username: 'admin', password: 'emulator-secret' }): Promise<CouchEmulator> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-couch-emulator-'))
  const storage = createEmbeddedStorage(dataDir)
  const existing = new Set(await storage.listDatabases())
  const app = createCouchRoutes(storage, existing, credentials)

  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started))
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`

  return {
    url,
    async destroy() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await storage.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
