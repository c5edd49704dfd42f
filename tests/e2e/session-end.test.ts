import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startBrowserEdge, type BrowserEdge } from './browser'

describe('a session that ends during an edit', () => {
  let tier: BrowserEdge
  let edge: TestEdge
  let page: Page
  let contactPath: string

  beforeAll(async () => {
    tier = await startBrowserEdge()
    ;({ edge, page } = tier)
    const contact = await edge.api.post('/api/contacts', { firstName: 'Melissa', lastName: 'Haugen', jobTitle: 'Pilot' })
    contactPath = `/contacts/${encodeURIComponent((contact.body as { _id: string })._id)}`

  }, 120_000)

  afterAll(async () => {
    await tier?.close()
  })

  it('shows sign-in and returns to the page', async () => {
    await page.goto(`${edge.url}${contactPath}`)
    await page.getByRole('button', { name: 'Edit Job title' }).click()
    await page.locator('#field-jobTitle').fill('Captain')

    // The test client uses the same session as the browser, so this signs the browser out too.
    await edge.api.post('/api/auth/logout', {})
    await page.getByRole('button', { name: 'Save' }).click()

    await page.locator('input[name=username]').waitFor()
    expect(await page.getByTestId('session-ended').count()).toBe(1)
    expect(await page.getByTestId('user').count()).toBe(0)
    expect(new URL(page.url()).pathname).toBe(contactPath)

    await page.locator('input[name=username]').fill(TEST_ADMIN_USERNAME)
    await page.locator('input[name=password]').fill(TEST_ADMIN_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()

    await page.locator('[data-field=jobTitle]', { hasText: 'Pilot' }).waitFor()
    expect(new URL(page.url()).pathname).toBe(contactPath)
    expect(await page.getByTestId('user').textContent()).not.toBe('')
  })
})
