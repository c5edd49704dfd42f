import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')

function start(entry: string, env: Record<string, string>) {
  return spawnSync(TSX, [entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('service start with invalid configuration', () => {
  it('stops the edge and names EDGE_PORT', () => {
    const result = start('edge-agent/src/main.ts', { EDGE_PORT: 'not-a-port' })

    expect(result.status).toBe(2)
    expect(result.stderr).toContain('EDGE_PORT')
  })

  it('stops the edge and names CLOUD_URL', () => {
    const result = start('edge-agent/src/main.ts', { EDGE_PORT: '0', CLOUD_URL: 'not a url' })

    expect(result.status).toBe(2)
    expect(result.stderr).toContain('CLOUD_URL')
  })

  it('stops the edge and names TRUSTED_PROXIES', () => {
    const result = start('edge-agent/src/main.ts', { EDGE_PORT: '0', TRUSTED_PROXIES: 'nginx' })

    expect(result.status).toBe(2)
    expect(result.stderr).toContain("TRUSTED_PROXIES contains 'nginx'")
  })

  it('stops the cloud and names TRUSTED_PROXIES', () => {
    const result = start('cloud/src/main.ts', { CLOUD_PORT: '0', TRUSTED_PROXIES: '10.0.0.0/99' })

    expect(result.status).toBe(2)
    expect(result.stderr).toContain("TRUSTED_PROXIES contains '10.0.0.0/99'")
  })

  it('stops the cloud and names COUCHDB_URL', () => {
    const result = start('cloud/src/main.ts', { CLOUD_PORT: '0', COUCHDB_URL: 'mailto:admin@example.com' })

    expect(result.status).toBe(2)
    expect(result.stderr).toContain('COUCHDB_URL')
  })
})

describe('demo start with a port in use', () => {
  it('names the busy port and loads nothing', async () => {
    const busy = net.createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const port = String((busy.address() as net.AddressInfo).port)
    const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-demo-port-'))

    const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(TSX, ['scripts/demo.ts'], { cwd: ROOT, env: { ...process.env, CLOUD_PORT: port, EDGE_PORT: '0', DEMO_DATA_DIR: demoDir } })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.on('exit', (status) => resolve({ status, stderr }))
    })
    busy.close()

    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`port ${port} (CLOUD_PORT) is in use by another process`)
    expect(fs.readdirSync(demoDir)).toEqual([])
    fs.rmSync(demoDir, { recursive: true, force: true })
  })
})
