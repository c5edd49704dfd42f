import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { SCREENSHOT_DIR, buildWebApp, launchChromium, signedInContext } from './browser'

interface Doc {
  _id: string
  [field: string]: unknown
}

const YESTERDAY = new Date(Date.now() - 24 * 3600 * 1000).toISOString()

describe('the CRM at the edge in Chromium', () => {
  let webDir: string
  let edge: TestEdge
  let browser: Browser
  let page: Page

  async function shoot(name: string) {
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) })
  }

  async function findContact(lastName: string): Promise<Doc | undefined> {
    const list = await edge.api.get(`/api/contacts?filter.lastName=${encodeURIComponent(lastName)}`)
    return (list.body as { items: Doc[] }).items[0]
  }

  beforeAll(async () => {
    webDir = buildWebApp()
    edge = await startTestEdge({ webDir })
    const company = await edge.api.post('/api/companies', { name: 'Fjord Ferries', sector: 'Transport', revenue: 1250000 })
    const companyId = (company.body as Doc)._id
    for (const [firstName, lastName] of [['Ingrid', 'Berg'], ['Olav', 'Strand'], ['Mei', 'Chen']]) {
      await edge.api.post('/api/contacts', { firstName, lastName, companyId, country: 'Norway', lifecycleStage: 'customer' })
    }
    for (const deal of [
      { title: 'Ferry tickets', stage: 'Prospecting', amount: 4000, agent: 'Ana', product: 'Tickets', companyId },
      { title: 'Cargo contract', stage: 'Engaging', amount: 52000, agent: 'Bo', product: 'Cargo', companyId },
      { title: 'Charter', stage: 'Won', amount: 9000, agent: 'Ana', product: 'Charter', companyId },
    ]) {
      await edge.api.post('/api/deals', deal)
    }
    await edge.api.post('/api/activities', { kind: 'task', subject: 'Call Ingrid back', status: 'open', dueAt: YESTERDAY })

    browser = await launchChromium()
    const context = await signedInContext(browser, edge.url, (name) => edge.api.getCookie(name))
    page = await context.newPage()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await edge?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('shows the contacts list in the shell with tier and user', async () => {
    await page.goto(`${edge.url}/contacts`)
    await page.locator('tr.row').first().waitFor()
    expect(await page.getByTestId('count').textContent()).toBe('3 records')
    expect(await page.getByTestId('tier').getAttribute('data-tier')).toBe('edge')
    expect(await page.locator('tr.row').allTextContents()).toHaveLength(3)
    await shoot('contacts-list')
  })

  it('sorts and filters the list', async () => {
    await page.getByRole('button', { name: 'Last name' }).click()
    await expect.poll(() => page.locator('tr.row td:nth-child(2)').allTextContents()).toEqual(['Berg', 'Chen', 'Strand'])
    await page.getByLabel('Filters: First name').fill('Olav')
    await expect.poll(() => page.locator('tr.row').count()).toBe(1)
    await page.getByLabel('Filters: First name').fill('')
    await expect.poll(() => page.locator('tr.row').count()).toBe(3)
  })

  it('tells a filter without matches from an empty list', async () => {
    await page.getByLabel('Filters: First name').fill('Nobody')
    await page.getByTestId('no-match').waitFor()
    expect(await page.getByTestId('no-match').textContent()).toContain('No records match the search or filters.')
    expect(await page.getByTestId('empty-list').count()).toBe(0)
    await page.getByRole('button', { name: 'Clear search and filters' }).click()
    await expect.poll(() => page.locator('tr.row').count()).toBe(3)
    expect(await page.getByLabel('Filters: First name').inputValue()).toBe('')
  })

  it('explains a bad value next to the field and then creates the contact', async () => {
    await page.getByRole('link', { name: 'New' }).click()
    await page.locator('#new-firstName').fill('Sigrid')
    await page.locator('#new-lastName').fill('Undset')
    await page.locator('#new-email').fill('sigrid-at-example')
    await page.getByRole('button', { name: 'Create' }).click()
    expect(await page.locator('#new-email-error').textContent()).toContain('Email')
    expect(await findContact('Undset')).toBeUndefined()

    await page.locator('#new-email').fill('sigrid@example.com')
    await page.getByRole('button', { name: 'Create' }).click()
    await page.locator('h1', { hasText: 'Sigrid Undset' }).waitFor()
    expect((await findContact('Undset'))?.email).toBe('sigrid@example.com')
    expect(page.url()).toMatch(/\/contacts\/contact%3A|\/contacts\/contact:/)
  })

  it('starts a new deal and ticket at their first stage and status', async () => {
    await page.goto(`${edge.url}/deals/new`)
    await page.locator('#new-stage').waitFor()
    expect(await page.locator('#new-stage').inputValue()).toBe('Prospecting')

    await page.goto(`${edge.url}/tickets/new`)
    await page.locator('#new-status').waitFor()
    expect(await page.locator('#new-status').inputValue()).toBe('new')
  })

  it('finds the new contact with global search', async () => {
    await page.goto(`${edge.url}/deals`)
    await page.locator('tr.row').first().waitFor()
    await shoot('deals-list')
    await page.keyboard.press('Control+k')
    await page.getByRole('dialog').getByRole('combobox').fill('Undset')
    const hit = page.getByRole('option', { name: /Sigrid Undset/ })
    await hit.waitFor()
    await shoot('global-search')
    await page.keyboard.press('Enter')
    await page.locator('h1', { hasText: 'Sigrid Undset' }).waitFor()
    await shoot('contact-record')
  })

  it('edits a field inline, refusing a bad value first', async () => {
    await page.getByRole('button', { name: 'Edit Email' }).click()
    await page.locator('#field-email').fill('not an email')
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await page.locator('#field-email-error').textContent()).toContain('Email')

    await page.locator('#field-email').fill('sigrid@fjord.example')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('[data-field=email] a', { hasText: 'sigrid@fjord.example' }).waitFor()
    expect((await findContact('Undset'))?.email).toBe('sigrid@fjord.example')
  })

  it('links a company by searching its name', async () => {
    await page.getByRole('button', { name: 'Edit Company' }).click()
    await page.getByLabel('Search everything: Company').fill('Fjord')
    await page.locator('#field-companyId option', { hasText: 'Fjord Ferries' }).waitFor({ state: 'attached' })
    await page.locator('#field-companyId').selectOption({ label: 'Fjord Ferries' })
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('[data-field=companyId] a', { hasText: 'Fjord Ferries' }).waitFor()

    const companies = (await edge.api.get('/api/companies')).body as { items: Doc[] }
    expect((await findContact('Undset'))?.companyId).toBe(companies.items[0]?._id)
  })

  it('refuses a save over a change made elsewhere', async () => {
    const contact = await findContact('Undset')
    await edge.api.patch(`/api/contacts/${encodeURIComponent(contact!._id)}`, { jobTitle: 'Set in another tab' })

    await page.getByRole('button', { name: 'Edit Job title' }).click()
    await page.locator('#field-jobTitle').fill('Set in this tab')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.locator('#field-jobTitle-error').textContent()).toContain('Someone else changed this record')
    expect((await findContact('Undset'))?.jobTitle).toBe('Set in another tab')

    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('[data-field=jobTitle]', { hasText: 'Set in this tab' }).waitFor()
    expect((await findContact('Undset'))?.jobTitle).toBe('Set in this tab')
  })

  it('saves a field that a change made elsewhere left alone', async () => {
    const contact = await findContact('Undset')
    await edge.api.patch(`/api/contacts/${encodeURIComponent(contact!._id)}`, { city: 'Lillehammer' })

    await page.getByRole('button', { name: 'Edit Job title' }).click()
    await page.locator('#field-jobTitle').fill('Author')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('[data-field=jobTitle]', { hasText: 'Author' }).waitFor()

    const stored = await findContact('Undset')
    expect(stored?.jobTitle).toBe('Author')
    expect(stored?.city).toBe('Lillehammer')
    expect(await page.locator('#field-jobTitle-error').count()).toBe(0)
  })

  it('moves deals by keyboard and drag', async () => {
    await page.goto(`${edge.url}/pipeline`)
    const card = page.locator('.card', { hasText: 'Ferry tickets' })
    await card.waitFor()
    expect(await page.locator('[data-stage=Prospecting] [data-testid=stage-count]').textContent()).toBe('1')
    await shoot('pipeline')

    await card.focus()
    await page.keyboard.press('ArrowRight')
    await page.locator('[data-stage=Engaging] .card', { hasText: 'Ferry tickets' }).waitFor()
    await expect.poll(() => page.getByTestId('pipeline-status').textContent()).toBe('Moved “\u2068Ferry tickets\u2069” to Engaging.')
    expect(await page.locator('[data-stage=Engaging] [data-testid=stage-count]').textContent()).toBe('2')

    await page.dragAndDrop('.card:has-text("Cargo contract")', '[data-stage=Lost]')
    await page.locator('[data-stage=Lost] .card', { hasText: 'Cargo contract' }).waitFor()

    const deals = (await edge.api.get('/api/deals?limit=10')).body as { items: Doc[] }
    const stages = Object.fromEntries(deals.items.map((deal) => [deal.title, deal.stage]))
    await expect.poll(async () => {
      const again = (await edge.api.get('/api/deals?limit=10')).body as { items: Doc[] }
      return Object.fromEntries(again.items.map((deal) => [deal.title, deal.stage]))
    }).toEqual({ ...stages, 'Ferry tickets': 'Engaging', 'Cargo contract': 'Lost' })
  })

  it('filters the board by product', async () => {
    await page.getByLabel('Product').fill('Charter')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.locator('.card', { hasText: 'Ferry tickets' }).waitFor({ state: 'detached' })
    await page.locator('.card', { hasText: 'Charter' }).waitFor()
    expect(await page.locator('.card').allTextContents()).toHaveLength(1)
    expect(await page.locator('[data-stage=Won] [data-testid=stage-count]').textContent()).toBe('1')
    expect(await page.locator('[data-stage=Won] [data-testid=stage-total]').textContent()).toBe('$9,000')
    expect(new URL(page.url()).searchParams.get('product')).toBe('Charter')

    await page.reload()
    await page.locator('.card', { hasText: 'Charter' }).waitFor()
    expect(await page.getByLabel('Product').inputValue()).toBe('Charter')
    expect(await page.locator('.card').count()).toBe(1)
  })

  it('lists related contacts and deals on a company', async () => {
    const companies = (await edge.api.get('/api/companies')).body as { items: Doc[] }
    await page.goto(`${edge.url}/companies/${encodeURIComponent(companies.items[0]!._id)}`)
    await page.locator('.related a', { hasText: 'Ingrid Berg' }).waitFor()
    const related = await page.locator('.related').textContent()
    expect(related).toContain('Cargo contract')
    expect(related).toContain('Sigrid Undset')
    await shoot('company-record')
  })

  it('completes an overdue task from the list', async () => {
    await page.goto(`${edge.url}/tasks`)
    await page.getByRole('tab', { name: 'Overdue' }).click()
    const task = page.locator('[data-task]', { hasText: 'Call Ingrid back' })
    await task.waitFor()
    await shoot('tasks')
    await page.getByRole('button', { name: 'Complete: Call Ingrid back' }).click()
    await task.waitFor({ state: 'detached' })
    const list = (await edge.api.get('/api/activities?filter.kind=task')).body as { items: Doc[] }
    expect(list.items[0]?.status).toBe('done')
  })

  it('imports a small CSV through the wizard', async () => {
    await page.goto(`${edge.url}/import`)
    await page.locator('#import-file').setInputFiles({
      name: 'guests.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('First name,Last name,Email\nAstrid,Lindgren,astrid@example.com\nKnut,Hamsun,not-an-email\n'),
    })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.locator('tr[data-column="Email"]').waitFor()
    expect(await page.getByLabel('Field: Email').inputValue()).toBe('email')

    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.locator('.problems li').first().waitFor()
    expect(await page.locator('.problems').textContent()).toContain('not-an-email')
    await shoot('import-wizard')

    await page.getByRole('button', { name: 'Import 1 row' }).click()
    await page.getByTestId('import-counts').filter({ hasText: '1 created' }).waitFor()
    expect(await page.getByTestId('import-counts').textContent()).toContain('1 failed')
    expect((await findContact('Lindgren'))?.email).toBe('astrid@example.com')

    await page.getByRole('button', { name: 'Undo import' }).click()
    await page.getByRole('status').filter({ hasText: 'Import undone: 1 removed' }).waitFor()
    expect(await findContact('Lindgren')).toBeUndefined()
  })

  it('imports phones with a default country', async () => {
    await page.goto(`${edge.url}/import`)
    await page.locator('#import-file').setInputFiles({
      name: 'shanghai.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('First name,Last name,Phone\nLi,Wei,13800138000\n'),
    })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.locator('tr[data-column="Phone"]').waitFor()
    expect(await page.getByLabel('Field: Phone').inputValue()).toBe('phone')

    await page.getByRole('button', { name: 'Check rows' }).click()
    await page.locator('.problems li').first().waitFor()
    expect(await page.locator('.problems').textContent()).toContain('13800138000')

    await page.getByLabel('Default phone country').selectOption('CN')
    await page.getByTestId('no-problems').waitFor()
    await page.getByRole('button', { name: 'Import 1 row' }).click()
    await page.getByTestId('import-counts').filter({ hasText: '1 created' }).waitFor()
    expect((await findContact('Wei'))?.phone).toBe('+8613800138000')

    await page.getByRole('button', { name: 'Undo import' }).click()
    await page.getByRole('status').filter({ hasText: 'Import undone: 1 removed' }).waitFor()
  })

  it('deletes a contact after confirmation', async () => {
    const contact = await findContact('Strand')
    await page.goto(`${edge.url}/contacts/${encodeURIComponent(contact!._id)}`)
    await page.locator('h1', { hasText: 'Olav Strand' }).waitFor()

    page.once('dialog', (dialog) => void dialog.dismiss())
    await page.getByRole('button', { name: 'Delete' }).click()
    expect(await findContact('Strand')).toBeDefined()

    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Delete' }).click()
    await page.locator('h1', { hasText: 'Contacts' }).waitFor()
    expect(await findContact('Strand')).toBeUndefined()
  })

  it('saves a view and applies it later', async () => {
    await page.goto(`${edge.url}/contacts`)
    await page.locator('tr.row').first().waitFor()
    await page.getByLabel('Filters: First name').fill('Mei')
    await expect.poll(() => page.locator('tr.row').count()).toBe(1)
    page.once('dialog', (dialog) => void dialog.accept('Only Mei'))
    await page.getByRole('button', { name: 'Save view' }).click()

    // The URL keeps the filter, so open the list afresh to start from all records.
    await page.goto(`${edge.url}/contacts`)
    await expect.poll(() => page.locator('tr.row').count()).toBe(3)
    await page.getByLabel('Saved views').selectOption('Only Mei')
    await expect.poll(() => page.locator('tr.row').count()).toBe(1)
    expect(await page.getByLabel('Filters: First name').inputValue()).toBe('Mei')

    await page.getByRole('button', { name: 'Delete view' }).click()
    expect(await page.getByLabel('Saved views').locator('option').allTextContents()).toEqual(['All records'])
  })

  it('switches to Simplified Chinese with locale formats', async () => {
    await page.goto(`${edge.url}/companies`)
    await page.locator('tr.row').first().waitFor()
    await page.getByLabel('Language').selectOption('zh-CN')
    await page.locator('h1', { hasText: '公司' }).waitFor()
    expect(await page.locator('.sidebar').textContent()).toContain('联系人')
    expect(await page.locator('thead').textContent()).toContain('行业')
    expect(await page.locator('tr.row td').nth(5).textContent()).toBe('1,250,000')
    await shoot('companies-zh')

    await page.goto(`${edge.url}/pipeline`)
    await page.locator('[data-stage=Won] h2', { hasText: '赢单' }).waitFor()
    await shoot('pipeline-zh')
    await page.getByLabel('语言').selectOption('en')
    await page.locator('h1', { hasText: 'Pipeline' }).waitFor()
  })

  it('gives the policy page one main landmark', async () => {
    await page.goto(`${edge.url}/policy`)
    await page.getByTestId('attestation').waitFor()

    expect(await page.locator('main').count()).toBe(1)
  })

  it('shows admin pages in Simplified Chinese', async () => {
    await page.goto(`${edge.url}/policy`)
    await page.locator('h1', { hasText: 'Residency policy' }).waitFor()
    await page.getByLabel('Language').selectOption('zh-CN')
    await page.locator('h1', { hasText: '数据驻留策略' }).waitFor()
    expect(await page.locator('.policy-entity thead').first().textContent()).toBe('字段模式可在云端编辑选项')
    expect(await page.getByTestId('mode-contact-email').locator('option:checked').textContent()).toBe('遮蔽')
    expect(await page.getByTestId('mode-contact-email').inputValue()).toBe('mask')
    expect(await page.getByTestId('attestation').locator('h3').textContent()).toBe('数据驻留证明')

    await page.goto(`${edge.url}/audit`)
    await page.locator('h1', { hasText: '审计日志' }).waitFor()

    await page.goto(`${edge.url}/reports`)
    await page.locator('h1', { hasText: '仪表板' }).waitFor()
    const openAmount = page.locator('[data-report=pipeline] [data-total=openAmount] dt')
    await openAmount.waitFor()
    expect(await openAmount.textContent()).toBe('未结金额')
    expect(await page.locator('#report-pipeline').textContent()).toBe('各阶段商机')
    expect(await page.locator('[data-report=pipeline] [data-series=count] figcaption').textContent()).toBe('商机数')
    expect(await page.locator('[data-report=pipeline] [data-series=count] g[data-key=Won] .bar-label').textContent()).toBe('赢单')
    const dashboard = await page.locator('.dashboard-page').textContent()
    for (const rawKey of ['deals', 'amount', 'openAmount', 'won', 'revenue']) expect(dashboard).not.toMatch(new RegExp(`\\b${rawKey}\\b`))
    await shoot('dashboard-zh')

    await page.getByLabel('语言').selectOption('en')
    await page.locator('h1', { hasText: 'Dashboard' }).waitFor()
  })

  it('keeps the app usable at tablet width', async () => {
    await page.setViewportSize({ width: 768, height: 1000 })
    await page.goto(`${edge.url}/contacts`)
    await page.locator('tr.row').first().waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await shoot('contacts-tablet')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('shows the cloud-only audit page as a pointer', async () => {
    await page.goto(`${edge.url}/residency`)
    await page.getByTestId('empty').waitFor()
    expect(await page.getByTestId('empty').textContent()).toContain('Residency policy page')
    expect(await page.locator('[role=alert]').count()).toBe(0)
  })

  it('opens the admin and reporting pages without an error', async () => {
    const pages = [['policy', 'Residency policy'], ['audit', 'Audit log'], ['reports', 'Dashboard'], ['segments', 'Segments'], ['campaigns', 'Campaigns']] as const
    for (const [route, title] of pages) {
      await page.goto(`${edge.url}/${route}`)
      await page.locator('h1', { hasText: title }).waitFor()
      await page.waitForLoadState('networkidle')
      expect(await page.locator('[role=alert]').allTextContents()).toEqual([])
      await shoot(route)
    }
  })

  it('counts stage deals beyond the board', async () => {
    const titles = Array.from({ length: 510 }, (_, index) => `Buoy order ${index + 1}`)
    for (let start = 0; start < titles.length; start += 30) {
      await Promise.all(titles.slice(start, start + 30).map((title) => edge.api.post('/api/deals', { title, stage: 'Lost', amount: 100, agent: 'Ana', product: 'Buoys' })))
    }

    await page.goto(`${edge.url}/pipeline`)
    await page.getByLabel('Product').fill('Buoys')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.locator('.card', { hasText: 'Ferry tickets' }).waitFor({ state: 'detached' })
    await page.locator('[data-stage=Lost] .card').first().waitFor()
    expect(await page.locator('.card').count()).toBe(100)
    expect(await page.locator('[data-stage=Lost] [data-testid=stage-count]').textContent()).toBe('510')
    expect(await page.locator('[data-stage=Lost] [data-testid=stage-total]').textContent()).toBe('$51,000')
    expect(await page.locator('[data-stage=Lost] [data-testid=stage-shown]').textContent()).toBe('Showing 100 of 510')
    expect(await page.locator('[data-stage=Won] [data-testid=stage-shown]').count()).toBe(0)

    // Each click on Show more loads the column's next hundred, until all 510 are on the board.
    for (let shown = 200; shown <= 600; shown += 100) {
      await page.locator('[data-stage=Lost] button.more').click()
      await expect.poll(() => page.locator('[data-stage=Lost] .card').count()).toBe(Math.min(shown, 510))
    }
    expect(await page.locator('[data-stage=Lost] button.more').count()).toBe(0)
    expect(await page.locator('[data-stage=Lost] [data-testid=stage-shown]').count()).toBe(0)
  })

  it('loads every deal of a column that a card moved into', async () => {
    const titles = Array.from({ length: 105 }, (_, index) => `Mooring win ${index + 1}`)
    for (let start = 0; start < titles.length; start += 35) {
      await Promise.all(titles.slice(start, start + 35).map((title) => edge.api.post('/api/deals', { title, stage: 'Won', amount: 500, product: 'Moorings' })))
    }
    await edge.api.post('/api/deals', { title: 'Small mooring', stage: 'Lost', amount: 10, product: 'Moorings' })
    await page.goto(`${edge.url}/pipeline?product=Moorings`)
    await page.locator('[data-stage=Won] .card').first().waitFor()
    expect(await page.locator('[data-stage=Won] .card').count()).toBe(100)

    // The moved deal is Won's smallest, so it belongs after the hundred deals already shown.
    const small = page.locator('.card', { hasText: 'Small mooring' })
    await small.focus()
    await page.keyboard.press('ArrowLeft')
    await page.locator('[data-stage=Won] .card', { hasText: 'Small mooring' }).waitFor()
    await page.locator('[data-stage=Won] button.more').click()

    await expect.poll(() => page.locator('[data-stage=Won] .card').count()).toBe(106)
    expect(await page.locator('[data-stage=Won] [data-testid=stage-count]').textContent()).toBe('106')
  })

  it('formats a phone with its extension', async () => {
    const created = await edge.api.post('/api/contacts', { firstName: 'Tor', lastName: 'Lunde', phone: '+1 889 682 9490 ext. 65400' })
    expect(created.body.phone).toBe('+18896829490;ext=65400')

    await page.goto(`${edge.url}/contacts`)
    const row = page.locator('tr.row', { hasText: 'Lunde' })
    await row.waitFor()
    expect(await row.textContent()).toContain('+1 889 682 9490 ext. 65400')
    expect(await row.textContent()).not.toContain(';ext=')

    await page.goto(`${edge.url}/contacts/${encodeURIComponent(created.body._id)}`)
    const phone = page.locator('[data-field=phone] dd')
    await phone.filter({ hasText: '+1 889 682 9490 ext. 65400' }).waitFor()
    expect(await phone.textContent()).not.toContain(';ext=')
  })
})
