import { spawnSync } from 'node:child_process'
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

  it('stops the cloud and names COUCHDB_URL', () => {
    const result = start('cloud/src/main.ts', { CLOUD_PORT: '0', COUCHDB_URL: 'mailto:admin@example.com' })

    expect(result.status).toBe(2)
    expect(result.stderr).toContain('COUCHDB_URL')
  })
})
