import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, toAllowedFieldSet } from '@enclave/shared'
import { project } from '@enclave/shared/projection/project'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { createSiteKey, enrolTestSite } from '@enclave/cloud/testing/test-site'
import { siteDatabaseName } from '@enclave/cloud/storage/types'
import { SCREENSHOT_DIR, buildWebApp, launchChromium, signedInContext } from './browser'

const SITE = 'tromso'
const PENDING_SITE = 'aalborg'
const CONTACT_ID = 'contact:01J0000000000000000000000R'
const PSEUDONYM_KEY = new Uint8Array(32).fill(7)

/** A contact as the edge stores it, full of personal data that must not reach the cloud page. */
const CONTACT = {
  _id: CONTACT_ID,
  type: 'contact',
  firstName: 'Ragnhild',
  lastName: 'Solheimsvik',
  email: 'ragnhild.solheimsvik@example.com',
  phone: '+47 912 34 567',
  street: 'Storgata 14',
  city: 'Tromsø',
  postalCode: '9008',
  nationalId: '01017012345',
  jobTitle: 'Harbour master',
  country: 'Norway',
  lifecycleStage: 'customer',
  externalId: 'CRM-4411',
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
  stamps: {},
}

describe('the CRM at the cloud in Chromium', () => {
  let webDir: string
  let cloud: TestCloud
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    webDir = buildWebApp()
    cloud = await startTestCloud({ webDir })
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: toAllowedFieldSet(DEFAULT_POLICY) })
    // Sites are listed by id, so this pending site comes before the enrolled one.
    const pending = await cloud.api.post('/api/sites', { siteId: PENDING_SITE, name: 'Aalborg' })
    expect(pending.status).toBe(201)
    const projected = project(CONTACT, DEFAULT_POLICY, PSEUDONYM_KEY)
    const db = await cloud.context.storage.database(siteDatabaseName(SITE))
    await db.put(projected!)

    browser = await launchChromium()
    const context = await signedInContext(browser, cloud.url, (name) => cloud.api.getCookie(name))
    page = await context.newPage()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await cloud?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('lists the site contact without the fields kept on site', async () => {
    await page.goto(`${cloud.url}/contacts`)
    await page.locator('tr.row').first().waitFor()
    expect(await page.getByTestId('tier').textContent()).toBe(`Cloud · ${SITE}`)
    const headers = await page.locator('thead th button.sort').allTextContents()
    expect(headers.join('|')).not.toContain('Last name')
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'cloud-contacts-list.png') })
  })

  it('shows reduction badges in full in the list', async () => {
    await page.goto(`${cloud.url}/contacts`)
    const labels = page.locator('tr.row td .reduced-label')
    await labels.first().waitFor()

    expect(await labels.count()).toBeGreaterThan(0)
    for (const label of await labels.all()) {
      const fit = await label.evaluate((element) => {
        const cell = element.closest('td')!.getBoundingClientRect()
        const badge = element.getBoundingClientRect()
        return { inside: badge.left >= cell.left && badge.right <= cell.right, clipped: element.scrollWidth > element.clientWidth }
      })
      expect(fit.inside, await label.textContent() ?? '').toBe(true)
      expect(fit.clipped).toBe(false)
    }
  })

  it('offers CSV and Excel export', async () => {
    const csv = page.getByRole('link', { name: 'Export CSV' })
    const excel = page.getByRole('link', { name: 'Export Excel' })

    expect(await csv.getAttribute('href')).toBe(`/api/sites/${SITE}/exports/contacts?format=csv`)
    expect(await excel.getAttribute('href')).toBe(`/api/sites/${SITE}/exports/contacts?format=xlsx`)
  })

  it('lists a pending site as disabled', async () => {
    const option = page.locator(`header.topbar option[value="${PENDING_SITE}"]`)
    expect(await option.textContent()).toBe(`${PENDING_SITE} (not enrolled yet)`)
    expect(await option.isDisabled()).toBe(true)
  })

  it('exports the list without personal values', async () => {
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Export CSV' }).click()
    const file = await (await download).path()
    const csv = fs.readFileSync(file, 'utf8')
    const header = csv.split('\r\n')[0]!

    expect(header.startsWith('\ufeffFirst name,Email,Phone,')).toBe(true)
    for (const siteOnly of ['Last name', 'Street address', 'City', 'National ID', 'Notes']) expect(header).not.toContain(siteOnly)
    expect(csv).toContain('Harbour master')
    expect(csv).not.toContain('Ragnhild')
  })

  it('downloads the list as an Excel workbook', async () => {
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Export Excel' }).click()
    const file = await (await download).path()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    const sheet = workbook.getWorksheet('contacts')!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const row = (sheet.getRow(2).values as unknown[]).slice(1)

    expect((await download).suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.xlsx$/)
    expect(sheet.rowCount).toBe(2)
    expect(header[0]).toBe('First name')
    expect(header).not.toContain('National ID')
    expect(row).toContain('Harbour master')
    expect(row).not.toContain('Ragnhild')
  })

  it('shows the contact without personal values and marks reduced ones with a lock', async () => {
    await page.goto(`${cloud.url}/contacts/${encodeURIComponent(CONTACT_ID)}`)
    await page.locator('[data-field=jobTitle]', { hasText: 'Harbour master' }).waitFor()
    const body = (await page.locator('body').textContent()) ?? ''
    for (const secret of ['Ragnhild', 'Solheimsvik', 'ragnhild.solheimsvik', '912 34 567', 'Storgata', 'Tromsø', '01017012345', 'CRM-4411']) {
      expect(body).not.toContain(secret)
    }
    for (const absent of ['lastName', 'street', 'city', 'nationalId', 'notes']) {
      expect(await page.locator(`[data-field=${absent}]`).count()).toBe(0)
    }
    expect(await page.locator('[data-field=email] [data-residency=mask]').textContent()).toContain('Masked')
    expect(await page.locator('[data-field=externalId] [data-residency=pseudonym]').textContent()).toContain('Pseudonymised')
    expect(await page.locator('[data-field=postalCode] [data-residency=generalize]').textContent()).toContain('Generalised')
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'cloud-contact-record.png') })
  })

  it('lets remote staff edit only cloud-writable fields', async () => {
    const editable = await page.locator('button.edit').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')))
    expect(editable).toEqual(['Edit Lifecycle stage'])

    await page.getByRole('button', { name: 'Edit Lifecycle stage' }).click()
    await page.locator('#field-lifecycleStage').selectOption('churned')
    await page.getByRole('button', { name: 'Save' }).click()
    // The open select lists 'churned' as an option too, so the save is done once it has gone.
    await page.locator('#field-lifecycleStage').waitFor({ state: 'detached' })
    await page.locator('[data-field=lifecycleStage]', { hasText: 'churned' }).waitFor()
    const stored = await cloud.api.get(`/api/sites/${SITE}/contacts/${encodeURIComponent(CONTACT_ID)}`)
    expect(stored.body.lifecycleStage).toBe('churned')
  })

  it('creates an activity with a kind the cloud may set but not change', async () => {
    await page.goto(`${cloud.url}/activities/new`)
    await page.locator('#new-subject').waitFor()
    expect(await page.locator('#new-kind').inputValue()).toBe('call')

    await page.locator('#new-subject').fill('Call from the harbour')
    await page.getByRole('button', { name: 'Create' }).click()
    await page.waitForURL(/\/activities\/activity%3A/)
    const list = await cloud.api.get(`/api/sites/${SITE}/activities`)
    expect((list.body.items as { subject: string; kind: string }[]).find((item) => item.subject === 'Call from the harbour')?.kind).toBe('call')
  })

  it('shows edge-only pages as a message', async () => {
    const links = await page.locator('nav.sidebar ul a').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')))
    for (const href of ['/policy', '/import', '/audit', '/segments', '/campaigns']) expect(links).not.toContain(href)
    for (const path of ['/policy', '/import', '/audit', '/segments', '/campaigns']) {
      await page.goto(`${cloud.url}${path}`)
      await page.getByTestId('empty').waitFor()
      expect(await page.getByTestId('empty').textContent()).toContain('edge agent only')
      expect(await page.locator('[role=alert]').count()).toBe(0)
    }
  })
})
