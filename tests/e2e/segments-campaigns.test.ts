import fs from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { buildWebApp, launchChromium, signedInContext } from './browser'

describe('segments and campaigns in Chromium', () => {
  let webDir: string
  let edge: TestEdge
  let browser: Browser
  const contexts: BrowserContext[] = []
  let segmentId: string

  async function pageAs(getCookie: (name: string) => string | undefined): Promise<Page> {
    const context = await signedInContext(browser, edge.url, getCookie)
    contexts.push(context)
    return context.newPage()
  }

  beforeAll(async () => {
    webDir = buildWebApp()
    edge = await startTestEdge({ webDir })
    for (const firstName of ['Ines', 'Jonas', 'Kari']) await edge.api.post('/api/contacts', { firstName, lastName: 'Berg', country: 'Norway' })
    const segment = await edge.api.post('/api/segments', { name: 'Norway', entityType: 'contact', match: 'all', conditions: [{ field: 'country', op: 'eq', value: 'Norway' }] })
    segmentId = segment.body._id
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await edge?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('hides the segment editor from a viewer', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await pageAs((name) => viewer.getCookie(name))
    await page.goto(`${edge.url}/segments`)
    await page.getByRole('link', { name: 'Norway' }).waitFor()

    expect(await page.getByRole('heading', { name: 'New segment' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Add condition' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Preview' }).count()).toBe(0)
  })

  it('shows a viewer the members of a segment', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await pageAs((name) => viewer.getCookie(name))
    await page.goto(`${edge.url}/segments`)
    await page.getByRole('link', { name: 'Norway' }).click()
    await page.getByRole('button', { name: 'Members' }).click()

    await page.locator('[data-members]').getByText('3 members').waitFor()
  })

  it('shows the segment editor to an agent', async () => {
    const agent = await edge.signIn('agent')
    const page = await pageAs((name) => agent.getCookie(name))
    await page.goto(`${edge.url}/segments`)

    await page.getByRole('heading', { name: 'New segment' }).waitFor()
    expect(await page.getByRole('button', { name: 'Add condition' }).count()).toBe(1)
  })
})
