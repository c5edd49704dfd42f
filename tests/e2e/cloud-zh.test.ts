import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, toAllowedFieldSet } from '@enclave/shared'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { createSiteKey, enrolTestSite } from '@enclave/cloud/testing/test-site'
import { buildWebApp, launchChromium, signedInContext } from './browser'

const SITE = 'bergen'

describe('the cloud in Chinese mode', () => {
  let webDir: string
  let cloud: TestCloud
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    webDir = buildWebApp()
    cloud = await startTestCloud({ webDir })
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: toAllowedFieldSet(DEFAULT_POLICY) })
    const audit = await cloud.api.post(`/api/sites/${SITE}/residency/audit`, { canaries: [] })
    expect(audit.status).toBe(200)

    browser = await launchChromium()
    const context = await signedInContext(browser, cloud.url, (name) => cloud.api.getCookie(name))
    await context.addInitScript(() => localStorage.setItem('enclave.language', 'zh-CN'))
    page = await context.newPage()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await cloud?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('residency audit date uses the Chinese format', async () => {
    await page.goto(`${cloud.url}/residency`)
    const report = page.getByTestId(`audit-${SITE}`)
    await report.waitFor()

    expect(await report.locator('dd').first().textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}$/)
  })

  it('residency audit page has one main landmark', async () => {
    await page.goto(`${cloud.url}/residency`)
    await page.getByTestId(`audit-${SITE}`).waitFor()

    expect(await page.locator('main').count()).toBe(1)
  })

  it('unknown page message is Chinese', async () => {
    await page.goto(`${cloud.url}/nonexistent`)
    await page.locator('.state.error').waitFor()

    expect(await page.locator('.state.error').textContent()).toContain('页面 /nonexistent 不存在')
  })
})
