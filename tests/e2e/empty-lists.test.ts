import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startRoleBrowserEdge, type RoleBrowserEdge } from './browser'

/** Pages whose lists start empty on a new edge, with the message and create action each shows. */
const PAGES = [
  { path: '/activities', message: 'No activities yet.', action: { role: 'link', name: 'New' } },
  { path: '/segments', message: 'No segments yet.', action: { role: 'button', name: 'New segment' } },
  { path: '/campaigns', message: 'No campaigns yet.', action: { role: 'button', name: 'New campaign' } },
] as const

describe('empty lists in Chromium', () => {
  let browserEdge: RoleBrowserEdge
  let edge: TestEdge

  beforeAll(async () => {
    browserEdge = await startRoleBrowserEdge()
    edge = browserEdge.edge
  }, 120_000)

  afterAll(async () => {
    await browserEdge?.close()
  })

  for (const { path, message, action } of PAGES) {
    it(`shows ${path} empty with its create action`, async () => {
      const page = await browserEdge.pageFor(edge.api)
      await page.goto(`${edge.url}${path}`)
      const empty = page.getByTestId('empty-list')
      await empty.waitFor()

      expect(await empty.locator('p').textContent()).toBe(message)
      expect(await empty.getByRole(action.role, { name: action.name, exact: true }).count()).toBe(1)
      expect(await page.locator('table').count()).toBe(0)
    })

    it(`shows ${path} empty to a viewer without action`, async () => {
      const viewer = await edge.signIn('viewer')
      const page = await browserEdge.pageFor(viewer)
      await page.goto(`${edge.url}${path}`)
      const empty = page.getByTestId('empty-list')
      await empty.waitFor()

      expect(await empty.locator('p').textContent()).toBe(message)
      expect(await empty.locator('a, button').count()).toBe(0)
    })
  }

  it('focuses the campaign form from the empty list', async () => {
    const page = await browserEdge.pageFor(edge.api)
    await page.goto(`${edge.url}/campaigns`)
    await page.getByTestId('empty-list').getByRole('button', { name: 'New campaign' }).click()

    expect(await page.locator('form input[name="name"]').evaluate((input) => input === document.activeElement)).toBe(true)
  })

  it('shows the empty list in Chinese', async () => {
    const page = await browserEdge.pageFor(edge.api)
    await page.addInitScript(() => localStorage.setItem('enclave.language', 'zh-CN'))
    await page.goto(`${edge.url}/segments`)
    const empty = page.getByTestId('empty-list')
    await empty.waitFor()

    expect(await empty.locator('p').textContent()).toBe('还没有客户分群。')
  })
})
