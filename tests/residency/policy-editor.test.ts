import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWebDir } from '@enclave/shared/node/static'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

describe('residency policy editor in a browser', () => {
  let edge: TestEdge
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    const webDir = defaultWebDir()
    if (!fs.existsSync(path.join(webDir, 'index.html'))) {
      throw new Error(`no web build in ${webDir}; run 'npx vite build' in web/ first`)
    }
    edge = await startTestEdge({ webDir })
    await edge.api.post('/api/contacts', { firstName: 'Ines', jobTitle: 'Pharmacist', country: 'PT' })

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS })
    const context = await browser.newContext()
    const url = new URL(edge.url)
    await context.addCookies(
      ['enclave_session', 'enclave_csrf'].map((name) => ({ name, value: edge.api.getCookie(name) ?? '', domain: url.hostname, path: '/' })),
    )
    page = await context.newPage()
    await page.goto(`${edge.url}/policy`)
    // The rows appear before versions and the attestation load, and stay disabled until then.
    await page.locator('[data-testid=writable-contact-jobTitle]:not([disabled])').waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await edge?.destroy()
  })

  it('shows the current mode of each field', async () => {
    expect(await page.getByTestId('mode-contact-email').inputValue()).toBe('mask')
    expect(await page.getByTestId('mode-contact-jobTitle').inputValue()).toBe('sync')
  })

  it('offers cloud editing only for synced fields', async () => {
    expect(await page.getByTestId('writable-contact-email').isDisabled()).toBe(true)
    expect(await page.getByTestId('writable-contact-jobTitle').isDisabled()).toBe(false)
  })

  it('previews the impact before saving', async () => {
    expect(await page.getByTestId('save-button').isDisabled()).toBe(true)
    await page.getByTestId('mode-contact-jobTitle').selectOption('local')
    await page.getByTestId('preview-button').click()
    const summary = await page.getByTestId('impact-summary').textContent()

    expect(summary).toContain('1 of 1 cloud documents change')
    expect(await page.getByTestId('impact').textContent()).toContain('Pharmacist')
  })

  it('saves a new version', async () => {
    await page.getByTestId('policy-note').fill('job titles stay on site')
    await page.getByTestId('save-button').click()
    await page.getByTestId('version-2').waitFor()

    expect(await page.getByTestId('policy-message').textContent()).toBe('Saved version 2')
    expect(await page.getByTestId('version-2').textContent()).toContain('contact / Job title: sync → local')
    expect(edge.context.policies.get().entities.contact?.fields.jobTitle).toEqual({ mode: 'local' })
  })

  it('shows the pending purge', async () => {
    expect(await page.getByTestId('pending-purge').textContent()).toContain('version 2')
  })

  it('restores an old version', async () => {
    await page.getByRole('button', { name: 'Restore version 1' }).click()
    await page.getByTestId('version-3').waitFor()

    expect(await page.getByTestId('mode-contact-jobTitle').inputValue()).toBe('sync')
    expect(edge.context.policies.get().version).toBe(3)
  })
})
