import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startBrowserEdge, type BrowserEdge } from './browser'

describe('page state in the URL', () => {
  let tier: BrowserEdge
  let edge: TestEdge
  let page: Page
  let campaignId: string

  beforeAll(async () => {
    tier = await startBrowserEdge()
    ;({ edge, page } = tier)
    for (const [firstName, lastName, country] of [['Melissa', 'Haugen', 'Norway'], ['Melissa', 'Aune', 'Sweden'], ['Tor', 'Lie', 'Norway']]) {
      await edge.api.post('/api/contacts', { firstName, lastName, country })
    }
    const campaign = await edge.api.post('/api/campaigns', { name: 'Winter offer', status: 'draft', steps: [] })
    campaignId = (campaign.body as { _id: string })._id

  }, 120_000)

  afterAll(async () => {
    await tier?.close()
  })

  it('Back restores a list search', async () => {
    await page.goto(`${edge.url}/contacts`)
    await expect.poll(() => page.locator('tr.row').count()).toBe(3)
    await page.getByLabel('Search in this list').pressSequentially('Melissa')
    await expect.poll(() => page.locator('tr.row').count()).toBe(2)
    expect(new URL(page.url()).searchParams.get('q')).toBe('Melissa')

    await page.locator('tr.row a').first().click()
    await page.locator('#record-title').waitFor()
    await page.goBack()

    await expect.poll(() => page.locator('tr.row').count()).toBe(2)
    expect(await page.getByLabel('Search in this list').inputValue()).toBe('Melissa')
  })

  it('Back skips the keystrokes of a search', async () => {
    await page.goto(`${edge.url}/tasks`)
    await page.goto(`${edge.url}/contacts`)
    await page.getByLabel('Search in this list').pressSequentially('Tor')
    await expect.poll(() => page.locator('tr.row').count()).toBe(1)
    expect(new URL(page.url()).searchParams.get('q')).toBe('Tor')

    await page.goBack()

    await expect.poll(() => new URL(page.url()).pathname).toBe('/tasks')
  })

  it('reload keeps sort and filters', async () => {
    await page.goto(`${edge.url}/contacts`)
    await page.getByRole('button', { name: 'Last name' }).click()
    await page.getByLabel('Filters: Country').fill('Norway')
    await expect.poll(() => page.locator('tr.row').count()).toBe(2)
    await expect.poll(() => new URL(page.url()).search).toContain('filter.country.contains=Norway')

    await page.reload()

    await expect.poll(() => page.locator('tr.row td:nth-child(2)').allTextContents()).toEqual(['Haugen', 'Lie'])
    expect(await page.getByLabel('Filters: Country').inputValue()).toBe('Norway')
    expect(await page.locator('th[aria-sort=ascending]').textContent()).toContain('Last name')
  })

  it('reload keeps dashboard filters', async () => {
    await page.goto(`${edge.url}/reports`)
    await page.locator('input[name=owner]').fill('Ana')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('owner')).toBe('Ana')

    await page.reload()

    await expect.poll(() => page.locator('input[name=owner]').inputValue()).toBe('Ana')
  })

  it('campaign detail has its own URL', async () => {
    await page.goto(`${edge.url}/campaigns`)
    await page.getByRole('link', { name: 'Winter offer' }).click()
    await page.locator(`[data-campaign="${campaignId}"]`).waitFor()
    expect(new URL(page.url()).pathname).toBe(`/campaigns/${encodeURIComponent(campaignId)}`)

    await page.reload()
    await page.locator(`[data-campaign="${campaignId}"]`).waitFor()
    await page.goBack()

    await expect.poll(() => new URL(page.url()).pathname).toBe('/campaigns')
    expect(await page.locator('[data-campaign]').count()).toBe(0)
  })

  it('unknown campaign id shows not found', async () => {
    await page.goto(`${edge.url}/campaigns/${encodeURIComponent('campaign:01J0000000000000000000000Z')}`)
    const state = page.getByTestId('not-found')
    await state.waitFor()
    expect(await state.locator('p').textContent()).toBe('This record does not exist or was deleted.')
    expect(await page.getByRole('link', { name: 'Winter offer' }).count()).toBe(0)

    await state.getByRole('link', { name: 'Campaigns' }).click()

    await page.getByRole('link', { name: 'Winter offer' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/campaigns')
  })

  it('unknown record id links to its list', async () => {
    await page.goto(`${edge.url}/contacts/${encodeURIComponent('contact:01J0000000000000000000000Z')}`)
    const state = page.getByTestId('not-found')
    await state.waitFor()
    expect(await state.locator('p').textContent()).toBe('This record does not exist or was deleted.')

    await state.getByRole('link', { name: 'Contacts' }).click()

    await expect.poll(() => page.locator('tr.row').count()).toBe(3)
    expect(new URL(page.url()).pathname).toBe('/contacts')
  })
})
