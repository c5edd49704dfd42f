import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, TEST_USER_PASSWORD, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
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

  /** Types a job title, ends the browser's session and saves; returns the sign-in dialog. */
  async function editAfterSessionEnds(jobTitle: string) {
    await page.goto(`${edge.url}${contactPath}`)
    await page.getByRole('button', { name: 'Edit Job title' }).click()
    await page.locator('#field-jobTitle').fill(jobTitle)

    // Without its cookies the browser's next call finds no session, as when the session expires.
    await page.context().clearCookies()
    await page.getByRole('button', { name: 'Save' }).click()
    const dialog = page.getByRole('dialog', { name: 'Sign in' })
    await dialog.waitFor()
    return dialog
  }

  it('signs in over the page and keeps the typed text', async () => {
    const dialog = await editAfterSessionEnds('Captain')
    expect(await dialog.getByTestId('session-ended').count()).toBe(1)
    expect(new URL(page.url()).pathname).toBe(contactPath)
    // The page below stays in place but takes no input until the user signs in.
    expect(await page.locator('.session-app').getAttribute('inert')).not.toBeNull()

    await dialog.locator('input[name=username]').fill(TEST_ADMIN_USERNAME)
    await dialog.locator('input[name=password]').fill(TEST_ADMIN_PASSWORD)
    await dialog.getByRole('button', { name: 'Sign in' }).click()
    await dialog.waitFor({ state: 'detached' })

    expect(await page.locator('#field-jobTitle').inputValue()).toBe('Captain')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('[data-field=jobTitle]', { hasText: 'Captain' }).waitFor()
    const stored = await edge.api.get(contactPath.replace('/contacts/', '/api/contacts/'))
    expect(stored.body.jobTitle).toBe('Captain')
  })

  it('reloads the app when another user signs in', async () => {
    const other = await edge.signIn('viewer', { username: 'next-at-desk' })
    const dialog = await editAfterSessionEnds('Typed by the first user')
    await dialog.locator('input[name=username]').fill('next-at-desk')
    await dialog.locator('input[name=password]').fill(TEST_USER_PASSWORD)
    await dialog.getByRole('button', { name: 'Sign in' }).click()

    await page.getByTestId('user').filter({ hasText: 'next-at-desk' }).waitFor()
    expect(await page.locator('#field-jobTitle').count()).toBe(0)
    expect(await page.getByText('Typed by the first user').count()).toBe(0)
    expect((await other.get('/api/auth/session')).status).toBe(200)
  })
})
