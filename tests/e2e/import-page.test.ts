import fs from 'node:fs'
import type { Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workbookBytes } from '@enclave/edge-agent/import/testing/workbook-bytes'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startBrowserEdge, type BrowserEdge } from './browser'
import { gate } from './gate'

const WORKBOOK = new URL('../../../shared/data/crm-sales/data_model.xlsx', import.meta.url)

describe('the import page in Chromium', () => {
  let browserEdge: BrowserEdge
  let edge: TestEdge
  let page: Page

  async function uploadCsv(plural: string, name: string, text: string | Buffer) {
    await uploadFile(plural, name, text)
    await page.locator('table.mapping tbody tr').first().waitFor()
  }

  /** Uploads a file and waits for the mapping step, which shows the read options even when the preview failed. */
  async function uploadFile(plural: string, name: string, content: string | Buffer) {
    await page.goto(`${edge.url}/import`)
    await page.locator('#import-type').selectOption(plural)
    await page.locator('#import-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.getByLabel('Header row').waitFor()
  }

  /**
   * Fulfils the page's first poll of its batch with `batch`, and holds later polls until the
   * returned gate opens, when they reach the edge.
   */
  async function fulfilFirstPoll(batch: Record<string, unknown>): Promise<{ open: () => void }> {
    const pollGate = gate()
    let polls = 0
    await page.route(/\/api\/imports\/[0-9A-Z]{26}$/, async (route: Route) => {
      polls++
      if (polls > 1) {
        await pollGate.opened
        return route.continue()
      }
      const batchId = new URL(route.request().url()).pathname.split('/').pop()
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ batchId, ...batch }) })
    })
    return pollGate
  }

  beforeAll(async () => {
    browserEdge = await startBrowserEdge()
    edge = browserEdge.edge
    page = browserEdge.page
  }, 120_000)

  afterAll(async () => {
    await browserEdge?.close()
  })

  it('imports a workbook sheet as deals', async () => {
    await page.goto(`${edge.url}/import`)
    await page.locator('#import-type').selectOption('deals')
    await page.locator('#import-file').setInputFiles({ name: 'data_model.xlsx', mimeType: 'application/octet-stream', buffer: fs.readFileSync(WORKBOOK) })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.locator('tr[data-column="sales_agent"]').waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    expect(await page.getByLabel('Sheet').inputValue()).toBe('sales_teams')

    await page.getByLabel('Header row').fill('2')
    await page.getByLabel('Header row').dispatchEvent('change')
    await page.locator('tr[data-column="Anna Snelling"]').waitFor()
    await page.getByLabel('Header row').fill('1')
    await page.getByLabel('Header row').dispatchEvent('change')
    await page.locator('tr[data-column="sales_agent"]').waitFor()

    await page.getByLabel('Sheet').selectOption('sales_pipeline')
    await page.locator('tr[data-column="account"]').waitFor()
    expect(await page.getByLabel('Field: account').inputValue()).toBe('companyName')
    await page.getByLabel('Create missing companies').check()
    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.getByTestId('no-problems').waitFor()
    expect(await page.getByTestId('dry-run-counts').textContent()).toContain('create 8,800')
    expect(await page.getByTestId('dry-run-counts').textContent()).toContain('85 missing companies')

    // The first poll gets a running workbook batch, which has no share read; later polls wait.
    const counts = { created: 3997, updated: 0, skipped: 0, failed: 3, companiesCreated: 40 }
    const pollGate = await fulfilFirstPoll({ status: 'running', file: { format: 'xlsx' }, rowsDone: 4000, counts, progress: { rowsDone: 4000, rowsPerSecond: 2000, counts } })
    await page.getByRole('button', { name: 'Import 8,800 rows' }).click()
    await page.getByTestId('progress-text').filter({ hasText: '4,000 rows done' }).waitFor()
    expect(await page.getByTestId('progress-text').textContent()).toContain('3 rejected so far')
    expect(await page.locator('progress').getAttribute('value')).toBeNull()
    pollGate.open()

    // The counts reach 8,800 one poll before the status turns done and fills the bar.
    await page.getByTestId('import-counts').filter({ hasText: '8,800 created' }).waitFor()
    await page.locator('progress[value="1"]').waitFor()
    await page.unrouteAll({ behavior: 'wait' })
    const deals = await edge.api.get('/api/deals?limit=1')
    expect((deals.body as { total: number }).total).toBe(8800)
  })

  it('disables undo while it runs and reports the result', async () => {
    await uploadCsv('contacts', 'guests.csv', 'First name,Last name,Email\nAstrid,Lindgren,astrid@example.com\n')
    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.getByRole('button', { name: 'Import 1 row' }).click()
    await page.getByTestId('import-counts').filter({ hasText: '1 created' }).waitFor()

    const undoGate = gate()
    await page.route('**/undo', async (route: Route) => {
      await undoGate.opened
      await route.continue()
    })
    await page.getByRole('button', { name: 'Undo import' }).click()
    const undoing = page.getByRole('button', { name: 'Undoing the import…' })
    await undoing.waitFor()
    expect(await undoing.isDisabled()).toBe(true)
    undoGate.open()
    await page.getByRole('status').filter({ hasText: 'Import undone: 1 removed, 0 restored, 0 newer edits kept.' }).waitFor()
    await page.unrouteAll()
    expect(await page.getByRole('button', { name: 'Undo import' }).isDisabled()).toBe(true)
  })

  it('waits while the batch is queued', async () => {
    await uploadCsv('contacts', 'queued.csv', 'First name,Last name,Email\nKarin,Boye,karin@example.com\n')
    await page.getByRole('button', { name: 'Check rows' }).click()

    // The first poll finds two imports ahead of this one; later polls wait for the check.
    const pollGate = await fulfilFirstPoll({ status: 'queued', queuePosition: 2, file: { format: 'csv' }, rowsDone: 0 })
    await page.getByRole('button', { name: 'Import 1 row' }).click()
    await page.getByTestId('import-queued').filter({ hasText: 'Waiting for 2 earlier imports to finish.' }).waitFor()
    expect(await page.getByRole('button', { name: 'Undo import' }).count()).toBe(0)
    pollGate.open()

    await page.getByTestId('import-counts').filter({ hasText: '1 created' }).waitFor()
    await page.unrouteAll({ behavior: 'wait' })
    expect(await page.getByTestId('import-queued').count()).toBe(0)
  })

  it('explains a rejected second undo', async () => {
    await uploadCsv('contacts', 'twice.csv', 'First name,Last name\nKnut,Hamsun\n')
    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.getByRole('button', { name: 'Import 1 row' }).click()
    await page.getByTestId('import-counts').filter({ hasText: '1 created' }).waitFor()

    await page.route('**/undo', (route: Route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'invalid_state', message: 'the batch is undoing', params: { status: 'undoing', allowed: ['done', 'failed'] } } }),
      }),
    )
    await page.getByRole('button', { name: 'Undo import' }).click()
    await page.getByRole('status').filter({ hasText: 'This import is being undone or is still running.' }).waitFor()
    await page.unrouteAll()
  })

  it('shows dry-run counts and a cut-off notice', async () => {
    const rows = Array.from({ length: 250 }, (_, index) => `Name${index},Person,not-an-email-${index}`)
    await uploadCsv('contacts', 'bad-emails.csv', `First name,Last name,Email\n${rows.join('\n')}\n`)
    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.getByTestId('dry-run-counts').waitFor()
    expect(await page.getByTestId('dry-run-counts').textContent()).toBe('Of 250 rows, the import would create 0, update 0, skip 0 and reject 250.')
    expect(await page.getByTestId('problems-truncated').textContent()).toContain('Only the first 200 problems are listed')
    expect(await page.getByRole('link', { name: 'Download rejected rows' }).getAttribute('href')).toMatch(/\/rejected$/)
  })

  it('reads decimal commas when chosen', async () => {
    await uploadCsv('deals', 'amounts.csv', 'Title,Stage,Amount\nFerry refit,Won,"99,9"\n')
    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.locator('.problems li').first().waitFor()
    await page.getByLabel('Decimal separator').selectOption(',')
    await page.getByTestId('no-problems').waitFor()
  })

  it('offers the file encoding of a CSV file', async () => {
    await uploadCsv('contacts', 'latin.csv', Buffer.from('First name,Last name\nRen\xe9,No\xebl\n', 'latin1'))
    expect(await page.getByLabel('File encoding').inputValue()).toBe('windows-1252')
    expect(await page.locator('tr[data-column="First name"] td').last().textContent()).toContain('René')
    await page.getByLabel('File encoding').selectOption('utf-8')
    await page.getByRole('alert').waitFor()
  })

  it('opens a workbook on a sheet with rows', async () => {
    const workbook = await workbookBytes({
      Cover: [['Customer list, exported 2024-03-31']],
      Contacts: [['First name', 'Email'], ['Ida', 'ida@example.com']],
    })

    await uploadFile('contacts', 'cover.xlsx', workbook)

    await page.locator('tr[data-column="Email"]').waitFor()
    expect(await page.getByLabel('Sheet').inputValue()).toBe('Contacts')
    expect(await page.getByRole('status').textContent()).toContain('The sheets before “Contacts” have no rows to import')
    expect(await page.getByRole('alert').count()).toBe(0)
  })

  it('shows a preview error beside the read options', async () => {
    const workbook = await workbookBytes({ Empty: [['First name', 'Email']], Blank: [['Last name']] })

    await uploadFile('contacts', 'empty.xlsx', workbook)

    const previewError = page.getByTestId('preview-error')
    await previewError.waitFor()
    expect(await previewError.textContent()).toContain('no data rows below row 1')
    expect(await page.getByLabel('Sheet').inputValue()).toBe('Empty')
    expect(await page.locator('#import-file').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Check rows' }).count()).toBe(0)
    await page.getByLabel('Sheet').selectOption('Blank')
    await page.getByTestId('preview-error').filter({ hasText: 'no data rows below row 1' }).waitFor()
    expect(await page.getByLabel('Sheet').inputValue()).toBe('Blank')
  })

  it('deletes an unreadable upload for another file', async () => {
    await uploadFile('contacts', 'header-only.csv', 'First name,Email\n')
    await page.getByTestId('preview-error').waitFor()
    const batches = await edge.api.get('/api/imports')
    const batchId = (batches.body as { items: { batchId: string }[] }).items[0]!.batchId

    await page.getByRole('button', { name: 'Choose another file' }).click()

    await page.locator('#import-file').waitFor()
    const batch = await edge.api.get(`/api/imports/${batchId}`)
    expect((batch.body as { status: string }).status).toBe('deleted')
    expect((batch.body as { fileName: string }).fileName).toBe('header-only.csv')
  })

  it('recovers from a wrong sheet choice', async () => {
    const workbook = await workbookBytes({ Contacts: [['First name', 'Email'], ['Ida', 'ida@example.com']], Empty: [['Email']] })
    await uploadCsv('contacts', 'two-sheets.xlsx', workbook)

    await page.getByLabel('Sheet').selectOption('Empty')
    await page.getByTestId('preview-error').waitFor()
    await page.getByLabel('Sheet').selectOption('Contacts')

    await page.locator('tr[data-column="Email"]').waitFor()
    expect(await page.getByTestId('preview-error').count()).toBe(0)
  })

  it('lets the encoding be chosen after a failed preview', async () => {
    // Over 64 KiB of ASCII before the first Windows-1252 letter, so detection reads the file as UTF-8.
    const filler = Array.from({ length: 700 }, (_, index) => `Person${index},${'x'.repeat(90)}`).join('\n')
    const bytes = Buffer.from(`First name,Notes\n${filler}\nRen\xe9,accent\n`, 'latin1')

    await uploadFile('contacts', 'late-accent.csv', bytes)

    const previewError = page.getByTestId('preview-error')
    await previewError.waitFor()
    expect(await previewError.textContent()).toContain('does not read as utf-8')
    expect(await page.getByLabel('File encoding').inputValue()).toBe('utf-8')
    await page.getByLabel('File encoding').selectOption('windows-1252')
    await page.locator('tr[data-column="First name"]').waitFor()
    expect(await page.getByTestId('preview-error').count()).toBe(0)
    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.getByRole('button', { name: 'Import 701 rows' }).waitFor()
  })

  it('offers the encoding for a mixed-encoding file', async () => {
    // 'René,Köln' in UTF-8, then 'Noël,Zürich' in Windows-1252: no single encoding reads the file.
    await uploadFile('contacts', 'mixed.csv', Buffer.from('First name,City\nRen\xc3\xa9,K\xc3\xb6ln\nNo\xebl,Z\xfcrich\n', 'latin1'))

    const previewError = page.getByTestId('preview-error')
    await previewError.waitFor()
    expect(await previewError.textContent()).toContain('does not read as windows-1252')
    expect(await page.getByLabel('File encoding').inputValue()).toBe('windows-1252')
    await page.getByLabel('File encoding').selectOption('utf-8')
    await page.getByTestId('preview-error').filter({ hasText: 'does not read as utf-8' }).waitFor()
  })

  it('names only the rows it would import', async () => {
    await uploadCsv('contacts', 'mixed.csv', 'First name,Email\nIda,ida.mixed@example.com\nJon,not-an-email\nKai,kai.mixed@example.com\n')
    await page.getByRole('button', { name: 'Check rows' }).click()

    await page.getByRole('button', { name: 'Import 2 rows' }).waitFor()
    expect(await page.getByRole('button', { name: 'Import 3 rows' }).count()).toBe(0)
  })

  it('disables the run when nothing would import', async () => {
    await uploadCsv('contacts', 'all-bad.csv', 'First name,Email\nIda,no-at-1\nJon,no-at-2\nKai,no-at-3\n')
    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.getByTestId('dry-run-counts').waitFor()

    const start = page.getByRole('button', { name: 'Start import' })
    expect(await start.isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0)
    const note = page.getByTestId('nothing-to-import')
    expect(await note.textContent()).toContain('No row would be created or updated')
    expect(await start.getAttribute('aria-describedby')).toBe(await note.getAttribute('id'))
  })

  it('explains an ambiguous date column', async () => {
    await uploadCsv('contacts', 'dates.csv', 'First name,Email,Subscription Date\nIda,ida@example.com,03/04/2021\nJon,jon@example.com,05/06/2021\n')
    const hint = page.getByTestId('ambiguous-date')
    await hint.waitFor()
    expect(await hint.textContent()).toContain('DD-MM-YYYY or MM-DD-YYYY')
    expect(await page.getByLabel('Date format: Subscription Date').getAttribute('aria-describedby')).toBe(await hint.getAttribute('id'))
    await page.getByLabel('Date format: Subscription Date').selectOption('DD-MM-YYYY')
    expect(await hint.count()).toBe(0)
  })

  it('warns about a file imported before', async () => {
    const text = 'First name,Last name\nOlav,Strand\n'
    await uploadCsv('contacts', 'again.csv', text)
    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.getByRole('button', { name: 'Import 1 row' }).click()
    await page.getByTestId('import-counts').filter({ hasText: '1 created' }).waitFor()
    await page.getByRole('button', { name: 'Import another file' }).waitFor()

    await uploadCsv('contacts', 'again.csv', text)
    expect(await page.getByTestId('earlier-import').textContent()).toContain('This file was imported before, on')
  })

  it('applies a saved mapping with its settings', async () => {
    await uploadCsv('contacts', 'codes.csv', 'Last name,Code\nBerg,C-1\n')
    await page.getByLabel('Field: Code').selectOption('externalId')
    await page.getByLabel('When a row matches a record').selectOption('update')
    await page.getByLabel('Mapping name').fill('Codes')
    await page.getByRole('button', { name: 'Save mapping' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved the mapping “Codes”.' }).waitFor()

    await uploadCsv('contacts', 'codes-2.csv', 'Last name,Code\nChen,C-2\n')
    expect(await page.getByLabel('Field: Code').inputValue()).not.toBe('externalId')
    await page.getByLabel('Saved mapping').selectOption({ label: 'Codes' })
    await expect.poll(() => page.getByLabel('Field: Code').inputValue()).toBe('externalId')
    expect(await page.getByLabel('When a row matches a record').inputValue()).toBe('update')
  })

  it('names the company targets apart', async () => {
    await uploadCsv('contacts', 'firms.csv', 'Last name,Firm\nBerg,Fjord Ferries\n')
    const options = await page.getByLabel('Field: Firm').locator('option').allTextContents()
    expect(options).toContain('Company (match by name)')
    expect(options).toContain('Company (record ID)')
  })

  it('fits the field selects in their cells', async () => {
    await uploadCsv('contacts', 'wide.csv', 'First name,Last name,Email,Phone 1,Company,Subscription Date\nIda,Amb,ida@example.com,+442079460014,Maddox,2021-04-03\n')
    for (const row of await page.locator('table.mapping tbody tr').all()) {
      const cell = await row.locator('td').nth(1).boundingBox()
      const select = await row.locator('td').nth(1).locator('select').boundingBox()
      expect(select!.x + select!.width).toBeLessThanOrEqual(cell!.x + cell!.width)
    }
  })

  it('exports a filtered list as XLSX', async () => {
    await page.goto(`${edge.url}/deals?filter.stage=Won`)
    const link = page.getByRole('link', { name: 'Export Excel' })
    await link.waitFor()
    const href = await link.getAttribute('href')
    expect(href).toContain('/api/exports/deals?format=xlsx')
    expect(href).toContain('filter.stage=Won')
    const response = await page.request.get(`${edge.url}${href}`)
    expect(response.status()).toBe(200)
    expect((await response.body()).subarray(0, 2).toString()).toBe('PK')
  })
})
