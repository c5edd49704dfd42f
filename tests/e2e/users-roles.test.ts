import fs from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, toAllowedFieldSet } from '@enclave/shared'
import { startTestEdge, TEST_USER_PASSWORD, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { createSiteKey, enrolTestSite } from '@enclave/cloud/testing/test-site'
import { buildWebApp, launchChromium, signedInContext } from './browser'

interface Doc {
  _id: string
  [field: string]: unknown
}

interface UserRow {
  username: string
  role: string
  disabled: boolean
  sites: string[]
}

const NEW_PASSWORD = 'a brand new passphrase 77'

describe('users and roles at the edge in Chromium', () => {
  let webDir: string
  let edge: TestEdge
  let browser: Browser
  const contexts: BrowserContext[] = []
  let dealId: string

  async function pageAs(getCookie: (name: string) => string | undefined): Promise<Page> {
    const context = await signedInContext(browser, edge.url, getCookie)
    contexts.push(context)
    return context.newPage()
  }

  async function findUser(username: string): Promise<UserRow | undefined> {
    const list = await edge.api.get('/api/users')
    return (list.body as { items: UserRow[] }).items.find((user) => user.username === username)
  }

  beforeAll(async () => {
    webDir = buildWebApp()
    edge = await startTestEdge({ webDir })
    await edge.api.post('/api/contacts', { firstName: 'Astrid', lastName: 'Lindqvist', country: 'Sweden' })
    await edge.api.post('/api/deals', { title: 'Ferry refit', stage: 'Prospecting', amount: 7000 })
    const deal = await edge.api.post('/api/deals', { title: 'Harbour cranes', stage: 'Engaging', amount: 90000 })
    dealId = (deal.body as Doc)._id
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await edge?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('lets an admin create, change and disable a user', async () => {
    const page = await pageAs((name) => edge.api.getCookie(name))
    await page.goto(`${edge.url}/contacts`)
    await page.getByRole('link', { name: 'Users' }).click()
    await page.locator('tr[data-user=admin]').waitFor()

    await page.getByRole('button', { name: 'New user' }).click()
    await page.getByLabel('User name').fill('kari')
    await page.getByLabel('Display name').fill('Kari Nordmann')
    await page.getByLabel('Password').fill('short')
    await page.getByLabel('Role').selectOption('viewer')
    await page.getByRole('button', { name: 'Create user' }).click()
    expect(await page.locator('#user-new-password-error').textContent()).toContain('at least 12')
    expect(await findUser('kari')).toBeUndefined()

    await page.getByLabel('Password').fill(TEST_USER_PASSWORD)
    await page.getByRole('button', { name: 'Create user' }).click()
    await page.locator('tr[data-user=kari]').waitFor()
    expect(await page.getByTestId('users-status').textContent()).toBe('Created the user “kari”.')
    expect((await findUser('kari'))?.role).toBe('viewer')

    await page.getByRole('button', { name: 'Edit kari' }).click()
    await page.locator('#user-edit-role').selectOption('agent')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.locator('tr[data-user=kari] [data-testid=user-role]').textContent()).toBe('Agent')
    expect((await findUser('kari'))?.role).toBe('agent')

    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Disable kari' }).click()
    await expect.poll(() => page.locator('tr[data-user=kari] [data-testid=user-status]').textContent()).toContain('Disabled')
    expect((await findUser('kari'))?.disabled).toBe(true)
    expect(await page.getByRole('button', { name: 'Enable kari' }).count()).toBe(1)
  })

  it("lets an admin set another user's password", async () => {
    await edge.signIn('agent', { username: 'lena' })
    const page = await pageAs((name) => edge.api.getCookie(name))
    await page.goto(`${edge.url}/users`)

    await page.getByRole('button', { name: 'Edit lena' }).click()
    await page.getByLabel('New password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('[data-testid=edit-user-form]').waitFor({ state: 'detached' })

    const signIn = (password: string) =>
      fetch(`${edge.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lena', password }) })
    expect((await signIn(NEW_PASSWORD)).status).toBe(200)
    expect((await signIn(TEST_USER_PASSWORD)).status).toBe(401)
  })

  it('shows why an admin cannot disable the last admin', async () => {
    const page = await pageAs((name) => edge.api.getCookie(name))
    await page.goto(`${edge.url}/users`)
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Disable admin' }).click()
    await expect.poll(() => page.getByTestId('users-error').textContent()).toContain('only enabled admin')
    expect((await findUser('admin'))?.disabled).toBe(false)
  })

  it('hides what a viewer may not do', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await pageAs((name) => viewer.getCookie(name))
    await page.goto(`${edge.url}/contacts`)
    await page.locator('tr.row').first().waitFor()

    const sidebar = await page.locator('nav.sidebar').textContent()
    expect(sidebar).toContain('Contacts')
    for (const hidden of ['Import', 'Residency policy', 'Audit log', 'Users']) expect(sidebar).not.toContain(hidden)
    expect(await page.getByRole('link', { name: 'New' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Export CSV' }).count()).toBe(0)

    await page.goto(`${edge.url}/deals/${encodeURIComponent(dealId)}`)
    await page.locator('h1', { hasText: 'Harbour cranes' }).waitFor()
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0)
    expect(await page.locator('button.edit').count()).toBe(0)

    await page.goto(`${edge.url}/users`)
    expect(await page.getByTestId('empty').textContent()).toContain('Your role may not open this page')

    await page.goto(`${edge.url}/segments`)
    await page.getByTestId('empty-list').waitFor()
    expect(await page.getByRole('button', { name: 'Preview' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0)
    await page.goto(`${edge.url}/campaigns`)
    await page.locator('#campaigns-title').waitFor()
    expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(0)
  })

  it('hides personal columns and fields from a viewer', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await pageAs((name) => viewer.getCookie(name))
    await page.goto(`${edge.url}/contacts`)
    await page.locator('tr.row').first().waitFor()

    const headers = (await page.locator('thead th button.sort').allTextContents()).join('|')
    for (const personal of ['First name', 'Last name', 'Email', 'Phone']) expect(headers).not.toContain(personal)
    expect(headers).toContain('Country')
    expect(await page.getByLabel('Filters: Email').count()).toBe(0)
    expect(await page.locator('details.columns label', { hasText: 'Email' }).count()).toBe(0)
    expect(await page.getByLabel('Search in this list').count()).toBe(0)
    expect(await page.getByTestId('personal-hidden').textContent()).toBe('Personal fields are hidden because your role may not read personal data.')
    expect(await page.locator('[role=alert]').count()).toBe(0)

    await page.goto(`${edge.url}/contacts?sort=email&filter.email.contains=astrid`)
    await page.locator('tr.row').first().waitFor()
    expect(await page.locator('[role=alert]').count()).toBe(0)

    await page.locator('tr.row a').first().click()
    await page.locator('[data-field=country]').waitFor()
    expect(await page.locator('[data-field=email]').count()).toBe(0)
    expect(await page.locator('[data-field=firstName]').count()).toBe(0)
    expect(await page.getByTestId('personal-hidden').textContent()).toBe('Personal fields are hidden because your role may not read personal data.')
  })

  it('searches no contacts for a viewer', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await pageAs((name) => viewer.getCookie(name))
    const searches: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname.startsWith('/api/') && url.searchParams.has('q')) searches.push(url.pathname)
    })
    await page.goto(`${edge.url}/deals`)
    await page.locator('tr.row').first().waitFor()

    await page.keyboard.press('Control+k')
    const box = page.getByRole('dialog').getByRole('combobox')
    expect(await box.getAttribute('placeholder')).toBe('Search companies, deals, tickets')
    await box.fill('Harbour')
    await page.getByRole('option', { name: /Harbour cranes/ }).waitFor()
    expect(searches.sort()).toEqual(['/api/companies', '/api/deals', '/api/tickets'])
  })

  it('gives an own-scope agent no owner controls', async () => {
    const agent = await edge.signIn('agent', { username: 'oda', recordScope: 'own' })
    const created = await agent.post('/api/deals', { title: 'Pier lights', stage: 'Prospecting', amount: 3000 })
    const href = `${edge.url}/deals/${encodeURIComponent((created.body as Doc)._id)}`
    const page = await pageAs((name) => agent.getCookie(name))
    await page.goto(href)
    await page.locator('h1', { hasText: 'Pier lights' }).waitFor()

    expect(await page.getByRole('button', { name: 'Edit Title' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Edit Owner' }).count()).toBe(0)

    await page.goto(`${edge.url}/deals/new`)
    await page.locator('#new-title').waitFor()
    expect(await page.locator('#new-ownerId').count()).toBe(0)

    const admin = await pageAs((name) => edge.api.getCookie(name))
    await admin.goto(href)
    await admin.locator('h1', { hasText: 'Pier lights' }).waitFor()
    expect(await admin.getByRole('button', { name: 'Edit Owner' }).count()).toBe(1)
  })

  it('keeps a viewer from dragging a pipeline card', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await pageAs((name) => viewer.getCookie(name))
    await page.goto(`${edge.url}/pipeline`)
    const card = page.locator('.card:has-text("Harbour cranes")')
    await card.waitFor()
    expect(await card.getAttribute('draggable')).toBe('false')

    await page.dragAndDrop('.card:has-text("Harbour cranes")', '[data-stage=Won]')
    expect(await page.getByTestId('pipeline-status').textContent()).toBe('')
    expect(await page.locator('[data-stage=Engaging] .card').allTextContents()).toEqual([expect.stringContaining('Harbour cranes')])
    expect(((await edge.api.get(`/api/deals/${encodeURIComponent(dealId)}`)).body as Doc).stage).toBe('Engaging')
  })

  it('lets a user change their password and sign in with it', async () => {
    const agent = await edge.signIn('agent', { username: 'liv' })
    const page = await pageAs((name) => agent.getCookie(name))
    await page.goto(`${edge.url}/contacts`)
    await page.getByRole('link', { name: 'Change password' }).click()

    await page.getByLabel('Current password').fill('not my password at all')
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Change password' }).click()
    expect(await page.locator('#password-currentPassword-error').textContent()).toBe('the current password is wrong')

    await page.getByLabel('Current password').fill(TEST_USER_PASSWORD)
    await page.getByLabel('New password', { exact: true }).fill('tiny')
    await page.getByLabel('Repeat the new password').fill('tiny')
    await page.getByRole('button', { name: 'Change password' }).click()
    expect(await page.locator('#password-newPassword-error').textContent()).toContain('at least 12')

    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Change password' }).click()
    // waitFor waits up to Playwright's 30-second default, because hashing the new password can
    // take longer than expect.poll's one second on a loaded machine.
    await page.getByTestId('password-status').filter({ hasText: 'Your password is changed' }).waitFor()

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.locator('input[name=username]').fill('liv')
    await page.locator('input[name=password]').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByTestId('user').filter({ hasText: /^liv$/ }).waitFor()
    expect(await page.getByTestId('user').textContent()).toBe('liv')
    expect(await page.locator('nav.sidebar').textContent()).not.toContain('Users')
  })
})

describe('users and roles at the cloud in Chromium', () => {
  const SITE = 'bergen'
  let webDir: string
  let cloud: TestCloud
  let browser: Browser

  beforeAll(async () => {
    webDir = buildWebApp()
    cloud = await startTestCloud({ webDir })
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: toAllowedFieldSet(DEFAULT_POLICY) })
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await cloud?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('grants a new user a site from the list', async () => {
    const context = await signedInContext(browser, cloud.url, (name) => cloud.api.getCookie(name))
    const page = await context.newPage()
    await page.goto(`${cloud.url}/users`)
    await page.locator('tr[data-user=admin]').waitFor()

    await page.getByRole('button', { name: 'New user' }).click()
    await page.getByLabel('User name').fill('remote-agent')
    await page.getByLabel('Password').fill(TEST_USER_PASSWORD)
    await page.getByLabel('Role').selectOption('agent')
    await page.getByLabel(SITE).check()
    await page.getByRole('button', { name: 'Create user' }).click()
    await page.locator('tr[data-user=remote-agent]').waitFor()

    expect(await page.locator('tr[data-user=remote-agent] [data-testid=user-sites]').textContent()).toBe(SITE)
    const list = await cloud.api.get('/api/users')
    const created = (list.body as { items: UserRow[] }).items.find((user) => user.username === 'remote-agent')
    expect(created?.sites).toEqual([SITE])
    await context.close()
  })

  it('explains a missing site grant', async () => {
    const agent = await cloud.signIn('agent', { username: 'no-site-agent' })
    const context = await signedInContext(browser, cloud.url, (name) => agent.getCookie(name))
    const page = await context.newPage()
    await page.goto(`${cloud.url}/contacts`)
    await page.getByTestId('empty').waitFor()

    expect(await page.getByTestId('empty').textContent()).toBe('No site has been shared with you yet. Ask a cloud admin to grant you a site, then reload this page.')
    expect(await page.locator('[role=alert]').count()).toBe(0)
    await page.goto(`${cloud.url}/pipeline`)
    await page.getByTestId('empty').waitFor()
    expect(await page.locator('[role=alert]').count()).toBe(0)

    await page.evaluate(() => localStorage.setItem('enclave.language', 'zh-CN'))
    await page.reload()
    await page.getByTestId('empty').waitFor()
    expect(await page.getByTestId('empty').textContent()).toBe('还没有任何站点共享给您。请联系云端管理员为您授权站点，然后重新加载此页面。')
    await context.close()
  })

  it('hides admin pages and changes from a cloud viewer', async () => {
    const viewer = await cloud.signIn('viewer', { sites: [SITE] })
    const context = await signedInContext(browser, cloud.url, (name) => viewer.getCookie(name))
    const page = await context.newPage()
    await page.goto(`${cloud.url}/deals`)
    await page.getByTestId('count').waitFor()

    const sidebar = await page.locator('nav.sidebar').textContent()
    expect(sidebar).toContain('Deals')
    expect(sidebar).not.toContain('Users')
    expect(sidebar).not.toContain('Residency audit')
    expect(await page.getByRole('link', { name: 'New' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Export CSV' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Export Excel' }).count()).toBe(0)
    await context.close()
  })
})
