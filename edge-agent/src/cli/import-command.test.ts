import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../import/testing/import-client'
import { startTestEdge } from '../testing/test-edge'
import { runImportCli } from './import-command'

describe('edge-agent import', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-import-cli-'))
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }))

  it('imports a file into a stopped edge', async () => {
    const dataDir = path.join(folder, 'data')
    let printed = ''

    const code = await runImportCli([path.join(FIXTURES, 'contacts-latin.csv'), '--type', 'contacts', '--create-companies', '--data-dir', dataDir], (text) => (printed += text))

    expect(code).toBe(0)
    expect(printed).toContain('done: 3 rows')
    const edge = await startTestEdge({ dataDir })
    try {
      const contacts = await edge.api.get('/api/contacts?sort=lastName')
      expect(contacts.body.total).toBe(3)
      expect(contacts.body.items[0].lastName).toBe('Andersen')
      const audit = await edge.api.get('/api/audit?action=import.run')
      expect(audit.body.total).toBe(1)
    } finally {
      await edge.close()
    }
  })

  it('asks for the format of ambiguous dates', async () => {
    let printed = ''

    const code = await runImportCli([path.join(FIXTURES, 'ambiguous-dates.csv'), '--type', 'deals', '--data-dir', path.join(folder, 'dates')], (text) => (printed += text))

    expect(code).toBe(2)
    expect(printed).toContain('--date-format "Close Date=DD-MM-YYYY"')
  })

  it('rejects an unknown option', async () => {
    let printed = ''

    const code = await runImportCli(['file.csv', '--type', 'contacts', '--colour'], (text) => (printed += text))

    expect(code).toBe(2)
    expect(printed).toContain('unknown option --colour')
  })
})
