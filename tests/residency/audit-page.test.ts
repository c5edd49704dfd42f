import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, toAllowedFieldSet } from '@enclave/shared'
import { defaultWebDir } from '@enclave/shared/node/static'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { createSiteKey, enrolTestSite } from '@enclave/cloud/testing/test-site'
import { siteDatabaseName } from '@enclave/cloud/storage/types'

const SITE = 'bodo'
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

describe('residency audit page in a browser', () => {
  let cloud: TestCloud
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    const webDir = defaultWebDir()
    if (!fs.existsSync(path.join(webDir, 'index.html'))) {
      throw new Error(`no web build in ${webDir}; run 'npx vite build' in web/ first`)
    }
    cloud = await startTestCloud({ webDir })
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: toAllowedFieldSet(DEFAULT_POLICY) })
    const db = await cloud.context.storage.database(siteDatabaseName(SITE))
    await db.put({ _id: 'contact:01J0000000000000000000000Q', type: 'contact', jobTitle: 'Canary-Buyer', country: 'NO' })

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS })
    const context = await browser.newContext()
    const url = new URL(cloud.url)
    await context.addCookies(
      ['enclave_session', 'enclave_csrf'].map((name) => ({ name, value: cloud.api.getCookie(name) ?? '', domain: url.hostname, path: '/' })),
    )
    page = await context.newPage()
    await page.goto(`${cloud.url}/residency`)
    await page.getByTestId(`site-${SITE}`).waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await cloud?.destroy()
  })

  it('lists the enrolled site without an audit', async () => {
    expect(await page.getByTestId(`site-${SITE}`).textContent()).toContain('No audit yet')
  })

  it('runs an audit with a canary', async () => {
    await page.getByTestId('canaries').fill('canary-buyer\n\nNot-There-123')
    await page.getByRole('button', { name: `Audit ${SITE}` }).click()
    await page.getByTestId(`audit-${SITE}`).waitFor()

    expect(await page.getByTestId('audit-violations').textContent()).toBe('0')
    expect(await page.getByTestId('audit-canary-hits').textContent()).toBe('1 for 2 canaries')
  })
})
