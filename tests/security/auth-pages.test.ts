import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEdgeConfig, startEdge, type RunningEdge } from '@enclave/edge-agent'

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
const PASSWORD = 'four words make a passphrase'
/** A user name that would run script if the audit page rendered it as HTML. */
const HOSTILE_NAME = '<img src=x onerror="window.pwned=1">'

/** Builds the standalone page that hosts the sign-in, setup and audit pages. */
function buildHarness(outDir: string): void {
  execFileSync(
    path.join(WEB_DIR, 'node_modules/.bin/vite'),
    ['build', 'src/pages/auth/harness', '--config', 'vite.config.ts', '--outDir', outDir, '--logLevel', 'warn'],
    { cwd: WEB_DIR, stdio: 'pipe' },
  )
}

describe('sign-in, setup and audit pages in a browser', () => {
  let dataDir: string
  let webDir: string
  let edge: RunningEdge
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-ui-edge-'))
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-ui-web-'))
    buildHarness(webDir)
    edge = await startEdge({ ...readEdgeConfig({}), port: 0, host: '127.0.0.1', dataDir, webDir })
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS })
    page = await browser.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await edge?.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('creates the first admin with the setup token', async () => {
    const token = edge.context.auth.setup.pending()!
    await page.goto(`${edge.url}/?token=${token}`)
    await page.locator('input[name=confirmation]').waitFor()
    expect(await page.locator('input[name=token]').inputValue()).toBe(token)

    await page.locator('input[name=password]').fill(PASSWORD)
    await page.locator('input[name=confirmation]').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create administrator' }).click()

    await page.getByTestId('signed-in-user').waitFor()
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('admin')
    expect(edge.context.auth.setup.pending()).toBeUndefined()
  })

  it('shows a wrong password', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.locator('input[name=username]').waitFor()

    await page.locator('input[name=username]').fill(HOSTILE_NAME)
    await page.locator('input[name=password]').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByTestId('login-error').waitFor()
    expect(await page.getByTestId('login-error').textContent()).toContain('wrong')
  })

  it('signs in and lists the audit log', async () => {
    await page.locator('input[name=username]').fill('admin')
    await page.locator('input[name=password]').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('table').waitFor()

    const text = await page.getByRole('table').textContent()
    expect(text).toContain('login_failed')
    expect(text).toContain('setup')
  })

  it('renders user input as text, not HTML', async () => {
    const failedRow = page.getByRole('row').filter({ hasText: 'login_failed' })
    expect(await failedRow.textContent()).toContain(HOSTILE_NAME)
    expect(await page.locator('table img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
  })

  it('filters by action', async () => {
    await page.locator('input[name=action]').fill('setup')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.getByRole('row').filter({ hasText: 'login_failed' }).waitFor({ state: 'detached' })
    expect(await page.getByRole('table').textContent()).toContain('setup')
  })

  it('verifies the chain', async () => {
    await page.getByTestId('audit-verify').click()
    await page.getByRole('status').waitFor()
    expect(await page.getByRole('status').textContent()).toMatch(/Chain intact: \d+ entries checked/)
  })

  it('folds a long list of record ids', async () => {
    const recordIds = Array.from({ length: 5 }, (_, index) => `contact:01FOLD${index}`)
    await edge.context.audit.append({ action: 'record.list', user: 'user:admin', recordIds })
    await page.locator('input[name=action]').fill('record.list')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    const row = page.getByRole('row').filter({ hasText: '5 records' })
    await row.waitFor()

    expect(await row.locator('details').getAttribute('open')).toBeNull()
    await row.getByText('5 records').click()
    expect(await row.locator('details').getAttribute('open')).not.toBeNull()
    expect(await row.locator('details').textContent()).toContain('contact:01FOLD4')
  })
})
