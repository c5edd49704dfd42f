import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '@enclave/shared'
import { startTestEdge } from '../testing/test-edge'
import { runPolicyCli } from './policy-cli'

let dataDir: string

async function run(...args: string[]): Promise<{ code: number; text: string }> {
  let text = ''
  const code = await runPolicyCli(args, (chunk) => {
    text += chunk
  })
  return { code, text }
}

beforeAll(async () => {
  const edge = await startTestEdge()
  dataDir = edge.dataDir
  const contact = DEFAULT_POLICY.entities.contact!
  await edge.api.put('/api/policy', {
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, country: { mode: 'local' } } } },
    note: 'countries stay on site',
  })
  await edge.close()
})

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('edge-agent policy', () => {
  it('lists versions with their changes', async () => {
    const { code, text } = await run('versions', '--data-dir', dataDir)

    expect(code).toBe(0)
    expect(text).toContain('version 2')
    expect(text).toContain('countries stay on site')
    expect(text).toContain('contact.country: rule {"mode":"sync"} -> {"mode":"local"} (stricter)')
  })

  it('shows an old version', async () => {
    const { code, text } = await run('show', '--version', '1', '--data-dir', dataDir)

    expect(code).toBe(0)
    expect(JSON.parse(text).entities.contact.fields.country).toEqual({ mode: 'sync' })
  })

  it('reports a missing version', async () => {
    const { code, text } = await run('show', '--version', '9', '--data-dir', dataDir)

    expect(code).toBe(2)
    expect(text).toContain('policy version 9 does not exist')
  })

  it('prints the pending purge', async () => {
    const { text } = await run('attestation', '--data-dir', dataDir)

    expect(JSON.parse(text).pendingPurge.policyVersion).toBe(2)
  })

  it('checks a draft file', async () => {
    const file = path.join(os.tmpdir(), `enclave-policy-${process.pid}.json`)
    fs.writeFileSync(file, JSON.stringify({ entities: { contact: { fields: { email: { mode: 'mask', cloudWritable: true } } } } }))
    const { code, text } = await run('check', file)
    fs.rmSync(file)

    expect(code).toBe(1)
    expect(text).toContain('contact.email.cloudWritable')
  })

  it('prints usage for an unknown command', async () => {
    expect((await run('frobnicate')).code).toBe(2)
  })
})
