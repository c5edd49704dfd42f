import type { BrowserContext, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFile, uploadFile } from '@enclave/edge-agent/import/testing/import-client'
import type { ApiClient } from '@enclave/edge-agent/testing/api-client'
import { signInClient, TEST_USER_PASSWORD, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { signedInContext, startBrowserEdge, type BrowserEdge } from './browser'
import { gate } from './gate'

let contactsMade = 0

/** Returns a CSV file of one contact with an email no earlier file used, so it is never a duplicate. */
function oneContact(): string {
  contactsMade++
  return `First name,Last name,Email\nSelma,Lagerlöf,selma.${contactsMade}@example.com\n`
}

describe('the import history in Chromium', () => {
  let browserEdge: BrowserEdge
  let edge: TestEdge
  let page: Page

  /** Opens a page signed in as `client`, in `language` when given. The caller closes its context. */
  async function pageOf(client: ApiClient, language?: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await signedInContext(page.context().browser()!, edge.url, (name) => client.getCookie(name))
    if (language) await context.addInitScript((chosen) => localStorage.setItem('enclave.language', chosen), language)
    return { context, page: await context.newPage() }
  }

  async function openHistory(target = page) {
    await target.goto(`${edge.url}/import/history`)
    await target.getByRole('heading', { name: /Import history|导入历史/ }).waitFor()
  }

  const rowOf = (batchId: string) => page.locator(`tr[data-batch="${batchId}"]`)

  beforeAll(async () => {
    browserEdge = await startBrowserEdge()
    edge = browserEdge.edge
    page = browserEdge.page
  }, 120_000)

  afterAll(async () => {
    await browserEdge?.close()
  })

  it('opens from the import page', async () => {
    await page.goto(`${edge.url}/import`)
    await page.getByRole('link', { name: 'Import history' }).click()
    await page.getByRole('heading', { name: 'Import history' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/import/history')
  })

  it('lists a finished batch with its counts', async () => {
    const { batchId } = await importFile(edge.api, oneContact())
    await openHistory()

    const row = rowOf(batchId)
    await row.waitFor()
    expect(await row.getByTestId('batch-status').textContent()).toBe('Done')
    expect(await row.getByTestId('batch-counts').textContent()).toBe('1 created, 0 updated, 0 skipped, 0 failed')
    expect(await row.locator('td').nth(1).textContent()).toBe('Contacts')
    expect(await row.getByTestId('batch-starter').textContent()).toBe('You')
    expect(await row.getByRole('link', { name: 'Download rejected rows' }).getAttribute('href')).toBe(`/api/imports/${batchId}/rejected`)
    expect(await row.getByRole('button', { name: 'Delete' }).count()).toBe(0)
  })

  it('names other users who started batches', async () => {
    const created = await edge.api.post('/api/users', { username: 'dana', password: TEST_USER_PASSWORD, role: 'manager', displayName: 'Dana Okafor' })
    expect(created.status).toBe(201)
    const dana = edge.anonymous()
    await signInClient(dana, 'dana', TEST_USER_PASSWORD)
    const named = await uploadFile(dana, oneContact(), 'contacts', 'dana.csv')
    const leaver = await edge.signIn('manager', { username: 'leaver' })
    const orphaned = await uploadFile(leaver, oneContact(), 'contacts', 'leaver.csv')
    expect((await edge.api.delete('/api/users/user:leaver')).status).toBe(204)

    await openHistory()
    expect(await rowOf(named.body.batchId).getByTestId('batch-starter').textContent()).toBe('Dana Okafor')
    expect(await rowOf(orphaned.body.batchId).getByTestId('batch-starter').textContent()).toBe('Deleted user')

    const chinese = await pageOf(edge.api, 'zh-CN')
    await openHistory(chinese.page)
    const chineseRow = chinese.page.locator(`tr[data-batch="${orphaned.body.batchId}"]`)
    expect(await chineseRow.getByTestId('batch-starter').textContent()).toBe('已删除的用户')
    await chinese.context.close()
  })

  it('names the status in Chinese', async () => {
    const { batchId } = await importFile(edge.api, oneContact())
    const chinese = await pageOf(edge.api, 'zh-CN')
    await openHistory(chinese.page)
    const row = chinese.page.locator(`tr[data-batch="${batchId}"]`)
    expect(await row.getByTestId('batch-status').textContent()).toBe('已完成')
    await chinese.context.close()
  })

  it('undoes a batch and disables the button', async () => {
    const { batchId } = await importFile(edge.api, oneContact())
    await openHistory()
    const row = rowOf(batchId)

    const undoGate = gate()
    await page.route('**/undo', async (route: Route) => {
      await undoGate.opened
      await route.continue()
    })
    page.once('dialog', (dialog) => void dialog.accept())
    await row.getByRole('button', { name: 'Undo import' }).click()
    const undoing = row.getByRole('button', { name: 'Undoing the import…' })
    await undoing.waitFor()
    expect(await undoing.isDisabled()).toBe(true)
    undoGate.open()

    await page.getByTestId('history-status').filter({ hasText: 'Import undone: 1 removed, 0 restored, 0 newer edits kept.' }).waitFor()
    await page.unrouteAll()
    await row.getByTestId('batch-status').filter({ hasText: 'Undone' }).waitFor()
    expect(await row.getByRole('button', { name: 'Undo import' }).isDisabled()).toBe(true)
    expect(await row.getByRole('button', { name: 'Delete' }).count()).toBe(1)
  })

  it('keeps the batch when undo is cancelled', async () => {
    const { batchId } = await importFile(edge.api, oneContact())
    await openHistory()

    page.once('dialog', (dialog) => void dialog.dismiss())
    await rowOf(batchId).getByRole('button', { name: 'Undo import' }).click()
    expect(await rowOf(batchId).getByRole('button', { name: 'Undo import' }).isEnabled()).toBe(true)
    expect((await edge.api.get(`/api/imports/${batchId}`)).body.status).toBe('done')
  })

  it('deletes an upload that never ran', async () => {
    const uploaded = await uploadFile(edge.api, oneContact(), 'contacts', 'never-run.csv')
    const batchId = uploaded.body.batchId as string
    await openHistory()
    const row = rowOf(batchId)
    expect(await row.getByTestId('batch-status').textContent()).toBe('Uploaded, not imported')
    expect(await row.getByRole('button', { name: 'Undo import' }).count()).toBe(0)

    page.once('dialog', (dialog) => void dialog.accept())
    await row.getByRole('button', { name: 'Delete' }).click()
    await page.getByTestId('history-status').filter({ hasText: 'Deleted “never-run.csv” from the import history.' }).waitFor()
    expect(await row.count()).toBe(0)
    expect((await edge.api.get(`/api/imports/${batchId}`)).body.status).toBe('deleted')

    await openHistory()
    expect(await rowOf(batchId).count()).toBe(0)
  })

  /** Figures of a running batch with `rowsDone` rows read, two of them rejected. */
  const runningAt = (rowsDone: number, fraction: number) => {
    const counts = { created: rowsDone - 2, updated: 0, skipped: 0, failed: 2, companiesCreated: 0 }
    return { status: 'running', rowsDone, counts, progress: { rowsDone, rowsPerSecond: 2000, counts, fraction } }
  }

  /**
   * Opens the history in a new context where the list shows `batchId` running a quarter read.
   * Once the list arrives the page's clock is paused, so the page polls only when the test
   * runs the clock. `answerPoll` responds to each `GET /api/imports/:id` of the batch, counted in
   * `polls()` from 1. The caller closes the context.
   */
  async function openWithPausedClock(batchId: string, answerPoll: (route: Route, poll: number) => Promise<void>) {
    const opened = await pageOf(edge.api)
    const listGate = gate()
    await opened.page.route(/\/api\/imports\?/, async (route: Route) => {
      await listGate.opened
      const response = await route.fetch()
      const list = (await response.json()) as { items: { batchId: string }[] }
      const items = list.items.map((item) => (item.batchId === batchId ? { ...item, ...runningAt(1000, 0.25) } : item))
      await route.fulfill({ response, json: { ...list, items } })
    })
    let polls = 0
    await opened.page.route(new RegExp(`/api/imports/${batchId}$`), async (route: Route) => {
      polls++
      await answerPoll(route, polls)
    })

    await opened.page.clock.install()
    await openHistory(opened.page)
    // The list has not arrived, so no poll is scheduled before the clock is paused.
    await opened.page.clock.pauseAt(await opened.page.evaluate(() => Date.now() + 1000))
    listGate.open()
    const row = opened.page.locator(`tr[data-batch="${batchId}"]`)
    await row.getByTestId('batch-status').filter({ hasText: 'Importing' }).waitFor()
    await runEffects(opened.page)
    return { ...opened, row, polls: () => polls }
  }

  /**
   * Runs the page's clock for less than a polling interval but longer than the 35 ms that Preact
   * waits for a frame before it runs effects, which also start polls and page loads.
   */
  async function runEffects(target: Page) {
    await target.clock.runFor(100)
  }

  /** Runs the page's clock past at least one polling interval (500 ms) and waits for the requests it sent. */
  async function runClock(target: Page, ms = 1000) {
    await target.clock.runFor(ms)
    // Sends a later request, so that the requests the timers sent have reached their routes.
    await target.evaluate(() => fetch('/api/meta').then((response) => response.text()))
  }

  it('refreshes a running batch without a click', async () => {
    const { batchId } = await importFile(edge.api, oneContact())
    const opened = await openWithPausedClock(batchId, async (route, poll) => {
      // The first poll finds the batch half read, and the second finds it done, as it is.
      if (poll > 1) return route.continue()
      const response = await route.fetch()
      await route.fulfill({ response, json: { ...(await response.json()), ...runningAt(4000, 0.5) } })
    })
    const { row } = opened
    expect(await row.getByTestId('batch-counts').textContent()).toBe('998 created, 0 updated, 0 skipped, 2 failed')
    expect(await row.getByRole('button', { name: 'Undo import' }).count()).toBe(0)
    expect(opened.polls()).toBe(0)

    await runClock(opened.page)
    await row.getByTestId('batch-counts').filter({ hasText: '3,998 created' }).waitFor()
    expect(opened.polls()).toBe(1)
    expect(await row.getByTestId('batch-status').textContent()).toBe('Importing')
    await row.getByRole('button', { name: 'Follow progress' }).click()
    const followed = opened.page.getByTestId('followed-batch')
    expect(await followed.getByTestId('progress-text').textContent()).toContain('4,000 of about 8,000 rows')
    expect(await followed.getByTestId('progress-text').textContent()).toContain('2 rejected so far')
    expect(await followed.locator('progress').getAttribute('value')).toBe('0.5')

    await runClock(opened.page)
    await row.getByTestId('batch-status').filter({ hasText: 'Done' }).waitFor()
    expect(opened.polls()).toBe(2)
    expect(await row.getByTestId('batch-counts').textContent()).toBe('1 created, 0 updated, 0 skipped, 0 failed')
    expect(await followed.locator('progress').getAttribute('value')).toBe('1')

    // No batch is under way any more, so the page stops polling.
    await runClock(opened.page, 10_000)
    expect(opened.polls()).toBe(2)
    await opened.context.close()
  })

  it('stops polling after leaving the page', async () => {
    const { batchId } = await importFile(edge.api, oneContact())
    const opened = await openWithPausedClock(batchId, (route) => route.continue())

    await opened.page.getByRole('link', { name: 'New import' }).click()
    await opened.page.getByRole('heading', { name: 'Import records' }).waitFor()
    await runClock(opened.page, 10_000)

    expect(new URL(opened.page.url()).pathname).toBe('/import')
    expect(opened.polls()).toBe(0)
    await opened.context.close()
  })

  it('shows an error when a refresh fails', async () => {
    const { batchId } = await importFile(edge.api, oneContact())
    const opened = await openWithPausedClock(batchId, async (route, poll) => {
      if (poll > 1) return route.continue()
      await route.fulfill({ status: 503, json: { error: { code: 'unavailable', message: 'the edge is starting; try again in a moment' } } })
    })

    await runClock(opened.page)
    const alert = opened.page.getByRole('alert')
    await alert.waitFor()
    expect(opened.polls()).toBe(1)
    // Polling stops after a failure until the user retries.
    await runClock(opened.page, 10_000)
    expect(opened.polls()).toBe(1)

    const listed = opened.page.waitForResponse(/\/api\/imports\?/)
    await alert.getByRole('button', { name: 'Try again' }).click()
    await runEffects(opened.page)
    await listed
    await runEffects(opened.page)
    await runClock(opened.page)
    await opened.row.getByTestId('batch-status').filter({ hasText: 'Done' }).waitFor()
    expect(opened.polls()).toBe(2)
    expect(await opened.page.getByRole('alert').count()).toBe(0)
    await opened.context.close()
  })

  it('pages through many batches', async () => {
    const client = await edge.signIn('manager', { username: 'many-imports', recordScope: 'own' })
    const uploaded: string[] = []
    for (let index = 0; index < 51; index++) {
      const response = await uploadFile(client, oneContact(), 'contacts', `part-${index}.csv`)
      uploaded.push(response.body.batchId as string)
    }
    const own = await pageOf(client)
    await openHistory(own.page)
    const range = own.page.getByTestId('history-range')
    const previous = own.page.getByRole('button', { name: 'Previous' })
    const next = own.page.getByRole('button', { name: 'Next' })

    expect(await range.textContent()).toBe('1–50 of 51')
    expect(await own.page.locator('tr[data-batch]').count()).toBe(50)
    expect(await previous.isDisabled()).toBe(true)
    expect(await next.isEnabled()).toBe(true)

    await next.click()
    await range.filter({ hasText: '51–51 of 51' }).waitFor()
    const oldest = own.page.locator(`tr[data-batch="${uploaded[0]}"]`)
    await oldest.waitFor()
    expect(await own.page.locator('tr[data-batch]').count()).toBe(1)
    expect(await next.isDisabled()).toBe(true)

    // Deleting the only batch of the last page goes back to the page before it.
    own.page.once('dialog', (dialog) => void dialog.accept())
    await oldest.getByRole('button', { name: 'Delete' }).click()
    await own.page.locator(`tr[data-batch="${uploaded[50]}"]`).waitFor()
    expect(await own.page.locator('tr[data-batch]').count()).toBe(50)
    expect(await range.count()).toBe(0)
    await own.context.close()
  })

  it('shows an error and retries', async () => {
    const { batchId } = await importFile(edge.api, oneContact())
    let failures = 0
    await page.route(/\/api\/imports\?/, async (route: Route) => {
      if (failures > 0) return route.continue()
      failures++
      await route.fulfill({ status: 500, json: { error: { code: 'internal', message: 'the edge failed to read the batches' } } })
    })

    await page.goto(`${edge.url}/import/history`)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await rowOf(batchId).count()).toBe(0)
    await alert.getByRole('button', { name: 'Try again' }).click()
    await rowOf(batchId).waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    await page.unrouteAll({ behavior: 'wait' })
  })

  it('shows an empty state to a user without batches', async () => {
    const client = await edge.signIn('manager', { username: 'new-importer', recordScope: 'own' })
    const own = await pageOf(client)
    await openHistory(own.page)
    expect(await own.page.getByTestId('empty').textContent()).toBe('No imports yet. Files you upload on the Import page are listed here.')
    expect(await own.page.locator('tr[data-batch]').count()).toBe(0)
    await own.context.close()
  })

  it('is closed to a role without import', async () => {
    const client = await edge.signIn('agent', { username: 'history-agent' })
    const agent = await pageOf(client)
    await agent.page.goto(`${edge.url}/import/history`)
    await agent.page.getByTestId('empty').filter({ hasText: 'Your role may not open this page.' }).waitFor()
    expect(await agent.page.getByRole('heading', { name: 'Import history' }).count()).toBe(0)
    await agent.context.close()
  })
})
