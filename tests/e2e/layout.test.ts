import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startBrowserEdge, type BrowserEdge } from './browser'

/** A deal title of 300 letters without a space, so only a break inside the word can wrap it. */
const LONG_TITLE = 'Ferry'.repeat(60)
const RIGHT_TO_LEFT_OVERRIDE = '\u202E'

describe('layout of long and bidirectional text', () => {
  let tier: BrowserEdge
  let edge: TestEdge
  let page: Page
  let dealPath: string
  let contactPath: string

  beforeAll(async () => {
    tier = await startBrowserEdge()
    ;({ edge, page } = tier)
    const deal = await edge.api.post('/api/deals', { title: LONG_TITLE, stage: 'Prospecting', amount: 1000 })
    dealPath = `/deals/${encodeURIComponent((deal.body as { _id: string })._id)}`
    const contact = await edge.api.post('/api/contacts', { firstName: 'Mei', lastName: 'Chen' })
    const contactId = (contact.body as { _id: string })._id
    contactPath = `/contacts/${encodeURIComponent(contactId)}`
    const activity = await edge.api.post('/api/activities', { kind: 'call', subject: 'Call back', status: 'open', contactId, dueAt: '2026-03-01T09:00:00.000Z' })
    // The API now rejects direction controls, but records stored by older versions may hold them.
    const stored = await edge.context.databases.records.get((activity.body as { _id: string })._id)
    const withOverride = { ...stored, subject: `${RIGHT_TO_LEFT_OVERRIDE}Call back` }
    await edge.context.databases.records.put(withOverride)
    edge.context.store.index.upsert(withOverride as never)

  }, 120_000)

  afterAll(async () => {
    await tier?.close()
  })

  it('long title stays inside the page', async () => {
    await page.goto(`${edge.url}${dealPath}`)
    await page.locator('#record-title').waitFor()

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280)
  })

  it('long title stays inside its pipeline column', async () => {
    await page.goto(`${edge.url}/pipeline`)
    const card = page.locator('.card').first()
    await card.waitFor()
    const column = await page.locator('.board .column').first().boundingBox()
    const box = await card.boundingBox()

    expect(box!.x + box!.width).toBeLessThanOrEqual(column!.x + column!.width)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280)
  })

  it('override in a title stays inside it', async () => {
    await page.goto(`${edge.url}${contactPath}`)
    const line = page.locator('.timeline li').first()
    await line.waitFor()
    const link = await line.locator('a').boundingBox()
    const date = await line.locator('.muted').boundingBox()

    // Without isolation the override also reverses the date, which then appears left of the subject.
    expect(date!.x).toBeGreaterThanOrEqual(link!.x + link!.width)
  })

  it('narrow screen hides the sidebar behind a menu', async () => {
    await page.setViewportSize({ width: 390, height: 800 })
    await page.goto(`${edge.url}/contacts`)
    await page.locator('tr.row').first().waitFor()

    expect(await page.locator('#sidebar').isVisible()).toBe(false)
    expect((await page.locator('#content').boundingBox())!.width).toBeGreaterThan(350)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    await page.getByRole('button', { name: 'Menu' }).click()
    await page.locator('#sidebar').getByRole('link', { name: 'Deals' }).click()

    await expect.poll(() => new URL(page.url()).pathname).toBe('/deals')
    expect(await page.locator('#sidebar').isVisible()).toBe(false)
  })
})
