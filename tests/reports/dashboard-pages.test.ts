import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, type TestEdge } from '@enclave/edge-agent/testing/test-edge'

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

const WEB_DIR = path.resolve(import.meta.dirname, '../../web')

function buildWebApp(outDir: string): void {
  execFileSync(path.join(WEB_DIR, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: WEB_DIR, stdio: 'pipe' })
}

describe('dashboard, segment and campaign pages in a browser', () => {
  let webDir: string
  let edge: TestEdge
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-ui-reports-'))
    buildWebApp(webDir)
    edge = await startTestEdge({ webDir })
    for (const deal of [
      { title: 'Printers', stage: 'Won', amount: 1200, agent: 'Ana', closeDate: '2024-02-01' },
      { title: 'Servers', stage: 'Engaging', amount: 9000, agent: 'Bo' },
    ]) {
      await edge.api.post('/api/deals', deal)
    }
    for (const [firstName, country] of [['Grace', 'Norway'], ['Linus', 'Finland']]) {
      await edge.api.post('/api/contacts', { firstName, country })
    }

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS })
    page = await browser.newPage()
    const login = await page.request.post(`${edge.url}/api/auth/login`, { data: { username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD } })
    expect(login.status()).toBe(200)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await edge?.destroy()
    fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('draws the pipeline chart', async () => {
    await page.goto(`${edge.url}/reports`)
    const won = page.locator('[data-report=pipeline] [data-series=amount] g[data-key=Won] title')
    await won.waitFor({ state: 'attached' })
    expect(await won.textContent()).toBe('Won: 1,200')
    expect(await page.locator('nav.sidebar').count()).toBe(1)
  })

  it('applies the owner filter', async () => {
    await page.fill('input[name=owner]', 'Bo')
    await page.click('.dashboard-filters button[type=submit]')
    const deals = page.locator('[data-report=pipeline] [data-total=deals] dd')
    await expect.poll(() => deals.textContent()).toBe('1')
  })

  it('previews and saves a segment', async () => {
    await page.goto(`${edge.url}/segments`)
    await page.fill('input[name=name]', 'Norway')
    await page.click('text=Add condition')
    await page.selectOption('[data-condition] select >> nth=0', 'country')
    await page.fill('[data-condition] input', 'Norway')
    await page.click('text=Preview')
    await page.locator('[data-preview]').waitFor()
    expect(await page.locator('[data-preview] li').allTextContents()).toEqual(['Grace'])

    await page.click('text=Save')
    const count = page.locator('tr[data-segment] [data-count]')
    await expect.poll(() => count.textContent()).toBe('1')

    await page.getByRole('button', { name: 'Members', exact: true }).click()
    await page.locator('[data-members] li').first().waitFor()
    expect(await page.locator('[data-members] li').allTextContents()).toEqual(['Grace'])
  })

  it('creates and launches a campaign', async () => {
    await page.goto(`${edge.url}/campaigns`)
    await page.fill('input[name=name]', 'Spring')
    await page.locator('select[name=segmentId] option', { hasText: 'Norway' }).waitFor({ state: 'attached' })
    await page.selectOption('select[name=segmentId]', { label: 'Norway' })
    await page.click('text=Add step')
    await page.fill('[data-step] input >> nth=1', 'Call to follow up')
    await page.click('button[type=submit]')
    // Launching opens a confirmation. The handler accepts it, because a click that opens a dialog waits until it closes.
    const question = new Promise<string>((resolve) => {
      page.once('dialog', (dialog) => {
        resolve(dialog.message())
        void dialog.accept()
      })
    })
    await page.getByRole('button', { name: 'Launch', exact: true }).click()
    expect(await question).toContain('“Spring” to 1 member?')
    const status = page.locator('[role=status], [role=alert]')
    await status.waitFor()
    expect(await status.textContent()).toBe('Launched to 1 members with 1 activities.')
  })
})
