import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, toAllowedFieldSet } from '@enclave/shared'
import { REJECTION_REASONS, type RejectionNotice } from '@enclave/shared/merge/rejection-notice'
import { project } from '@enclave/shared/projection/project'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { createSiteKey, enrolTestSite } from '@enclave/cloud/testing/test-site'
import { siteDatabaseName } from '@enclave/cloud/storage/types'
import { buildWebApp, launchChromium, signedInContext } from './browser'

const SITE = 'bergen'
const CONTACT_ID = 'contact:01J0000000000000000000000N'
const PSEUDONYM_KEY = new Uint8Array(32).fill(3)
const EDITOR = 'remote-ann'

const CONTACT = {
  _id: CONTACT_ID,
  type: 'contact',
  firstName: 'Sigrun',
  lastName: 'Haugland',
  jobTitle: 'Harbour master',
  country: 'Norway',
  lifecycleStage: 'customer',
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
  stamps: {},
}

/** The notice the site's merger writes after rejecting the editor's job title and a withheld field. */
const NOTICE: RejectionNotice = {
  at: '2026-12-05T04:12:00.000Z',
  changes: [
    { field: 'jobTitle', code: 'not_cloud_writable', reason: REJECTION_REASONS.not_cloud_writable, editor: `user:${EDITOR}` },
    { code: 'withheld', reason: REJECTION_REASONS.withheld, editor: `user:${EDITOR}` },
  ],
}

describe('rejection notice on the cloud record page in Chromium', () => {
  let webDir: string
  let cloud: TestCloud
  let browser: Browser

  beforeAll(async () => {
    webDir = buildWebApp()
    cloud = await startTestCloud({ webDir })
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: toAllowedFieldSet(DEFAULT_POLICY) })
    const db = await cloud.context.storage.database(siteDatabaseName(SITE))
    await db.put({ ...project(CONTACT, DEFAULT_POLICY, PSEUDONYM_KEY)!, syncRejection: NOTICE })
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await cloud?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  async function openRecord(getCookie: (name: string) => string | undefined, language?: string): Promise<Page> {
    const context = await signedInContext(browser, cloud.url, getCookie)
    if (language) await context.addInitScript((code) => localStorage.setItem('enclave.language', code), language)
    const page = await context.newPage()
    await page.goto(`${cloud.url}/contacts/${encodeURIComponent(CONTACT_ID)}`)
    await page.getByTestId('sync-rejection').waitFor()
    return page
  }

  it('addresses the editor who made the change', async () => {
    const editor = await cloud.signIn('manager', { username: EDITOR, sites: [SITE] })
    const page = await openRecord((name) => editor.getCookie(name))

    const text = (await page.getByTestId('sync-rejection').textContent()) ?? ''
    const aboveFields = await page.evaluate(() => {
      const notice = document.querySelector('[data-testid=sync-rejection]')!
      const fields = document.querySelector('dl.fields')!
      return Boolean(notice.compareDocumentPosition(fields) & Node.DOCUMENT_POSITION_FOLLOWING)
    })

    expect(text).toContain("Your change to \u2068Job title\u2069 was not applied at the site: the site's current policy makes the field read-only at the cloud")
    expect(text).toContain('Your change to a field not shown here was not applied at the site: the site no longer shares the field with the cloud')
    expect(text).not.toContain('A change by')
    expect(aboveFields).toBe(true)
    await page.context().close()
  })

  it('names the editor to other users', async () => {
    const page = await openRecord((name) => cloud.api.getCookie(name))

    const text = (await page.getByTestId('sync-rejection').textContent()) ?? ''

    expect(text).toContain(`A change by \u2068${EDITOR}\u2069 to \u2068Job title\u2069 was not applied at the site`)
    expect(text).not.toContain('Your change')
    await page.context().close()
  })

  it('shows the notice in Simplified Chinese', async () => {
    const editor = await cloud.signIn('manager', { username: EDITOR, sites: [SITE] })
    const page = await openRecord((name) => editor.getCookie(name), 'zh-CN')

    const text = (await page.getByTestId('sync-rejection').textContent()) ?? ''

    expect(text).toContain('您对\u2068职位\u2069的修改未在站点生效：按站点当前的策略，该字段在云端为只读')
    await page.context().close()
  })
})
