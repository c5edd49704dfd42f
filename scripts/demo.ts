// Starts the demo: an embedded cloud and one edge agent on this machine, the site enrolled,
// the public CRM sample data loaded at the edge and projected to the cloud. Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { ENTITY_SCHEMAS, createClock, type EntityType } from '../shared/src/index'
import { AuditLog } from '../edge-agent/src/audit/audit-log'
import { loadSampleData } from '../edge-agent/src/demo/sample-data'
import { RecordStore } from '../edge-agent/src/records/record-store'
import { closeEdgeDatabases, openEdgeDatabases } from '../edge-agent/src/storage/pouch'
import { ApiClient } from '../edge-agent/src/testing/api-client'

const ROOT = path.resolve(import.meta.dirname, '..')
const DEMO_DIR = path.resolve(process.env.DEMO_DATA_DIR ?? path.join(ROOT, '.data', 'demo'))
const SAMPLE_DIR = path.resolve(process.env.SAMPLE_DATA_DIR ?? path.join(ROOT, '..', 'shared', 'data'))
const EDGE_PORT = process.env.EDGE_PORT ?? '4100'
const CLOUD_PORT = process.env.CLOUD_PORT ?? '4200'
const SITE_ID = process.env.SITE_ID ?? 'demo-site'
const EDGE_URL = `http://127.0.0.1:${EDGE_PORT}`
const CLOUD_URL = `http://127.0.0.1:${CLOUD_PORT}`
const START_TIMEOUT_MS = 60_000
const SYNC_TIMEOUT_MS = 120_000

const children: ChildProcess[] = []

function startService(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const log = fs.openSync(path.join(DEMO_DIR, `${name}.log`), 'a')
  // `node --import tsx` runs the service in this one process. The tsx command would start a
  // second process, which a SIGKILL after the stop timeout would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  })
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped unexpectedly (exit ${code ?? signal}); see ${path.join(DEMO_DIR, `${name}.log`)}`)
      void stopAll(1)
    }
  })
  children.push(child)
  return child
}

/**
 * Fails when another process listens on `port`, such as a demo already running. Without this
 * check the health check would reach that process, and the demo would fail later
 * with an error about credentials or a locked database that does not name the cause.
 */
async function requireFreePort(variable: string, port: string): Promise<void> {
  const server = net.createServer()
  const problem = await new Promise<Error | undefined>((resolve) => {
    server.once('error', (error) => resolve(error))
    server.listen(Number(port), '127.0.0.1', () => server.close(() => resolve(undefined)))
  })
  if (!problem) return
  throw new Error(
    `port ${port} (${variable}) is in use by another process, perhaps a demo that is still running (${(problem as NodeJS.ErrnoException).code ?? problem.message}); stop it, or start this demo with other ports, for example ${variable}=${Number(port) + 1}`,
  )
}

async function waitUntilHealthy(name: string, url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${name} did not answer ${url}/healthz within ${START_TIMEOUT_MS / 1000} s; see ${path.join(DEMO_DIR, `${name}.log`)}`)
}

async function loadSampleDataOnce(edgeDir: string): Promise<void> {
  const databases = openEdgeDatabases(edgeDir)
  const db = databases.records
  try {
    const info = await db.info()
    if (info.doc_count > 0) {
      console.log(`Edge data already loaded (${info.doc_count} records in ${edgeDir})`)
      return
    }
    console.log(`Loading the sample data from ${SAMPLE_DIR} ...`)
    const store = new RecordStore(db, createClock(SITE_ID))
    await store.open()
    // The load writes to the edge's databases before the edge starts, so it records its own
    // audit entry in the audit log of the data folder, as the command-line import does.
    const audit = new AuditLog(databases.audit, databases.meta)
    await audit.open()
    const report = await loadSampleData(store, SAMPLE_DIR, { audit })
    await store.close()
    const created = Object.entries(report.created)
      .filter(([, count]) => count > 0)
      .map(([type, count]) => `${count.toLocaleString('en')} ${count === 1 ? type : ENTITY_SCHEMAS[type as EntityType].plural}`)
    console.log(`Loaded ${created.join(', ')}`)
    if (report.partial.length > 0) {
      console.log(`${report.partial.length} rows loaded with their invalid values left out (all in sample-load-report.json), for example:`)
      for (const row of report.partial.slice(0, 3)) console.log(`  ${path.basename(row.file)} line ${row.line}: ${row.errors.join('; ')}`)
    }
    if (report.rejected.length > 0) {
      console.log(`${report.rejected.length} rows rejected (all in sample-load-report.json), for example:`)
      for (const row of report.rejected.slice(0, 3)) console.log(`  ${path.basename(row.file)} line ${row.line}: ${row.errors.join('; ')}`)
    }
    fs.writeFileSync(path.join(DEMO_DIR, 'sample-load-report.json'), JSON.stringify(report, null, 2))
  } finally {
    await closeEdgeDatabases(databases)
  }
}

interface DemoCredentials {
  username: string
  password: string
}

/**
 * Signs in as the demo administrator of a tier, creating it with the tier's one-time setup
 * token on the first run. The password is random and kept in `credentials.json` (mode 0600) in
 * the demo folder, since the product has no default password.
 */
async function signInAdmin(client: ApiClient, tier: string, tierDataDir: string): Promise<DemoCredentials> {
  const file = path.join(DEMO_DIR, 'credentials.json')
  const stored: Record<string, DemoCredentials> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {}
  const tokenFile = path.join(tierDataDir, 'setup-token')

  let response
  if (fs.existsSync(tokenFile)) {
    const credentials = { username: 'admin', password: crypto.randomBytes(12).toString('base64url') }
    const token = fs.readFileSync(tokenFile, 'utf8').trim()
    response = await client.post('/api/auth/setup', { token, ...credentials })
    stored[tier] = credentials
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 })
  } else {
    const credentials = stored[tier]
    if (!credentials) throw new Error(`no demo credentials for the ${tier} in ${file}; delete ${DEMO_DIR} to start again`)
    response = await client.post('/api/auth/login', credentials)
  }
  if (response.status >= 300) throw new Error(`signing in at the ${tier} failed: ${JSON.stringify(response.body)}`)
  client.headers['x-csrf-token'] = response.body.csrfToken
  return stored[tier] as DemoCredentials
}

async function enrolSite(cloud: ApiClient, edge: ApiClient): Promise<void> {
  const status = await edge.get('/api/sync/status')
  if (status.status === 200 && status.body.state !== 'not_enrolled') return

  const site = await cloud.post('/api/sites', { siteId: SITE_ID, name: 'Demo site' })
  if (site.status !== 201) throw new Error(`creating the site at the cloud failed: ${JSON.stringify(site.body)}`)
  const enrolled = await edge.post('/api/sync/enrol', { cloudUrl: CLOUD_URL, enrolmentCode: site.body.enrolmentCode })
  if (enrolled.status >= 300) throw new Error(`enrolling the edge failed: ${JSON.stringify(enrolled.body)}`)
}

async function waitForProjection(cloud: ApiClient, edge: ApiClient): Promise<void> {
  const expected = (await edge.get('/api/contacts?limit=1')).body.total as number
  const deadline = Date.now() + SYNC_TIMEOUT_MS
  const started = Date.now()
  let last = -1
  while (Date.now() < deadline) {
    const page = await cloud.get(`/api/sites/${SITE_ID}/contacts?limit=1`)
    const total = page.status === 200 ? (page.body.total as number) : 0
    if (total !== last) {
      console.log(`  cloud holds ${total} of ${expected} projected contacts`)
      last = total
    }
    if (total >= expected) {
      console.log(`Projection reached the cloud in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  console.log(`The cloud holds ${last} of ${expected} contacts after ${SYNC_TIMEOUT_MS / 1000} s; sync goes on in the background`)
}

let stopping = false
const STOP_TIMEOUT_MS = 10_000

/** Asks the edge and the cloud to shut down cleanly and kills whichever is still running after 10 s. */
async function stopAll(code: number): Promise<never> {
  stopping = true
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null)
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)))
  for (const child of running) child.kill('SIGTERM')
  const timer = setTimeout(() => {
    for (const child of running) child.kill('SIGKILL')
  }, STOP_TIMEOUT_MS)
  await Promise.all(exited)
  clearTimeout(timer)
  process.exit(code)
}

async function main(): Promise<void> {
  await requireFreePort('CLOUD_PORT', CLOUD_PORT)
  await requireFreePort('EDGE_PORT', EDGE_PORT)
  fs.mkdirSync(DEMO_DIR, { recursive: true })
  const edgeDir = path.join(DEMO_DIR, 'edge')
  const cloudDir = path.join(DEMO_DIR, 'cloud')
  await loadSampleDataOnce(edgeDir)

  startService('cloud', 'cloud/src/main.ts', { CLOUD_PORT, CLOUD_DATA_DIR: cloudDir })
  await waitUntilHealthy('cloud', CLOUD_URL)
  startService('edge', 'edge-agent/src/main.ts', { EDGE_PORT, EDGE_DATA_DIR: edgeDir, CLOUD_URL, SITE_ID })
  await waitUntilHealthy('edge', EDGE_URL)

  const cloud = new ApiClient(CLOUD_URL)
  const edge = new ApiClient(EDGE_URL)
  const cloudAdmin = await signInAdmin(cloud, 'cloud', cloudDir)
  const edgeAdmin = await signInAdmin(edge, 'edge', edgeDir)
  await enrolSite(cloud, edge)
  await waitForProjection(cloud, edge)

  console.log('')
  console.log(`Edge (on site, full records):      ${EDGE_URL}   user ${edgeAdmin.username}, password ${edgeAdmin.password}`)
  console.log(`Cloud (remote staff, projected):   ${CLOUD_URL}   user ${cloudAdmin.username}, password ${cloudAdmin.password}`)
  console.log(`Logs and data:                     ${DEMO_DIR}`)
  console.log('Press Ctrl-C to stop.')
}

process.once('SIGINT', () => void stopAll(0))
process.once('SIGTERM', () => void stopAll(0))
// Stops the edge and the cloud when whatever started the demo is gone without a signal.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent && !stopping) void stopAll(0)
}, 1000).unref()
main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`)
  void stopAll(1)
})
