import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { buildWebApp, launchChromium, signedInContext } from './browser'

const CONTACTS = 1000

describe('a long contacts list in Chromium', () => {
  let webDir: string
  let edge: TestEdge
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    webDir = buildWebApp()
    edge = await startTestEdge({ webDir })
    const { store } = edge.context
    const docs = Array.from({ length: CONTACTS }, (_, index) =>
      store.buildNew('contact', { firstName: `Person ${String(index).padStart(4, '0')}`, lastName: 'Listed', country: 'Norway' }),
    )
    await store.createMany('contact', docs)

    browser = await launchChromium()
    const context = await signedInContext(browser, edge.url, (name) => edge.api.getCookie(name))
    page = await context.newPage()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await edge?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('draws only the rows in view', async () => {
    await page.goto(`${edge.url}/contacts`)
    await page.getByRole('button', { name: 'First name' }).click()
    await page.locator('tr.row', { hasText: 'Person 0000' }).waitFor()
    expect(await page.getByTestId('count').textContent()).toBe(`${CONTACTS} records`)
    expect(await page.locator('tr.row').count()).toBeLessThan(60)
  })

  it('loads later rows on scroll', async () => {
    await page.locator('.virtual').evaluate((element) => (element.scrollTop = element.scrollHeight))
    await page.locator('tr.row', { hasText: 'Person 0999' }).waitFor()
    expect(await page.locator('tr.row', { hasText: 'Person 0000' }).count()).toBe(0)
  })

  it('scrolls back to the top on a new filter', async () => {
    await page.getByLabel('Filters: First name').fill('Person 00')
    await expect.poll(() => page.getByTestId('count').textContent()).toBe('100 records')
    await page.locator('tr.row', { hasText: 'Person 0000' }).waitFor()
    expect(await page.locator('.virtual').evaluate((element) => element.scrollTop)).toBe(0)
  })
})
