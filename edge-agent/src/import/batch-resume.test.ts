import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient } from '../testing/api-client'
import { signInClient, startTestEdge, TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, type TestEdge } from '../testing/test-edge'
import { REPO_ROOT, sampleCustomersCsv, uploadFile, waitForBatch } from './testing/import-client'

const COPIES = 3
const EDGE_MAIN = path.join(REPO_ROOT, 'edge-agent/src/main.ts')

/** Builds the 10,000 sample customers three times over, each copy with its own emails and ids. */
function largeCustomersCsv(): string {
  const [header = '', ...rows] = sampleCustomersCsv(10_000).trim().split('\n')
  const copies = Array.from({ length: COPIES }, (_, copy) =>
    rows.map((row) => row.replace(/,([^,@]+)@/, `,$1.${copy}@`).replace(/^(\d+),(\w+)/, `$1,$2-${copy}`)),
  )
  return `${header}\n${copies.flat().join('\n')}\n`
}

/** Starts the edge as a separate process on the data folder and resolves with its URL. */
function startChildEdge(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // `node --import tsx` keeps the edge in this one process; the tsx command would fork a child
  // that SIGKILL of the parent leaves running.
  const child = spawn(process.execPath, ['--import', 'tsx', EDGE_MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, EDGE_DATA_DIR: dataDir, EDGE_PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      // The console also carries plain text, such as the first-admin setup banner.
      if (!line.startsWith('{')) return
      const entry = JSON.parse(line) as { msg?: string; url?: string }
      if (entry.msg === 'edge started' && entry.url) resolve({ child, url: entry.url })
    })
    child.once('exit', (code) => reject(new Error(`the edge process exited with code ${code} before it started`)))
  })
}

describe('import batch after kill -9', () => {
  const edges: TestEdge[] = []
  afterAll(async () => {
    for (const edge of edges) await edge.destroy().catch(() => undefined)
  }, 120_000)

  it('finishes with nothing lost or doubled', { timeout: 180_000 }, async () => {
    const first = await startTestEdge()
    edges.push(first)
    const dataDir = first.dataDir
    const uploaded = await uploadFile(first.api, largeCustomersCsv())
    const batchId = uploaded.body.batchId
    const preview = await first.api.post(`/api/imports/${batchId}/preview`, {})
    const columns = preview.body.columns.map((column: any) => ({ column: column.column, field: column.field, dateFormat: column.dateFormat }))
    const body = { columns, settings: { defaultCountry: 'US' } }
    const dry = await first.api.post(`/api/imports/${batchId}/dry-run`, body)
    expect(dry.body.rowsDone).toBeGreaterThan(9_000 * COPIES)

    // Start the run and stop the edge at once: the batch stays `running` on disk.
    expect((await first.api.post(`/api/imports/${batchId}/run`, body)).status).toBe(202)
    await first.close()

    const { child, url } = await startChildEdge(dataDir)
    const api = new ApiClient(url)
    await signInClient(api, TEST_ADMIN_USERNAME, TEST_ADMIN_PASSWORD)
    let seen: any
    for (;;) {
      seen = (await api.get(`/api/imports/${batchId}`)).body
      if (seen.status !== 'running' || seen.rowsDone >= 3000) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(seen.status).toBe('running')
    expect(seen.rowsDone).toBeLessThan(dry.body.rowsDone)

    const restarted = await startTestEdge({ dataDir })
    edges.push(restarted)
    const batch = await waitForBatch(restarted.api, batchId)

    expect(batch.status).toBe('done')
    expect(batch.rowsDone).toBe(dry.body.rowsDone)
    expect(batch.counts).toEqual(dry.body.counts)
    const contacts = [...restarted.context.store.index.all('contact')]
    expect(contacts).toHaveLength(dry.body.counts.created)
    expect(new Set(contacts.map((contact) => contact.email)).size).toBe(contacts.length)
    expect(fs.existsSync(path.join(dataDir, 'imports', `${batchId}.upload`))).toBe(false)
  })
})
