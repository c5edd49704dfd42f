import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startRoleBrowserEdge, type RoleBrowserEdge } from './browser'

describe('segments and campaigns in Chromium', () => {
  let browserEdge: RoleBrowserEdge
  let edge: TestEdge
  let segmentId: string

  async function campaignNames(): Promise<string[]> {
    const list = await edge.api.get('/api/campaigns?limit=500')
    return (list.body.items as { name: string }[]).map((campaign) => campaign.name)
  }

  beforeAll(async () => {
    browserEdge = await startRoleBrowserEdge()
    edge = browserEdge.edge
    for (const firstName of ['Ines', 'Jonas', 'Kari']) await edge.api.post('/api/contacts', { firstName, lastName: 'Berg', country: 'Norway' })
    const segment = await edge.api.post('/api/segments', { name: 'Norway', entityType: 'contact', match: 'all', conditions: [{ field: 'country', op: 'eq', value: 'Norway' }] })
    segmentId = segment.body._id
  }, 120_000)

  afterAll(async () => {
    await browserEdge?.close()
  })

  it('hides the segment editor from a viewer', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await browserEdge.pageFor(viewer)
    await page.goto(`${edge.url}/segments`)
    await page.getByRole('link', { name: 'Norway' }).waitFor()

    expect(await page.getByRole('heading', { name: 'New segment' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Add condition' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Preview' }).count()).toBe(0)
  })

  it('shows a viewer the members of a segment', async () => {
    const viewer = await edge.signIn('viewer')
    const page = await browserEdge.pageFor(viewer)
    await page.goto(`${edge.url}/segments`)
    await page.getByRole('link', { name: 'Norway' }).click()
    await page.getByRole('button', { name: 'Members' }).click()

    await page.locator('[data-members]').getByText('3 members').waitFor()
  })

  it('shows the segment editor to an agent', async () => {
    const agent = await edge.signIn('agent')
    const page = await browserEdge.pageFor(agent)
    await page.goto(`${edge.url}/segments`)

    await page.getByRole('heading', { name: 'New segment' }).waitFor()
    expect(await page.getByRole('button', { name: 'Add condition' }).count()).toBe(1)
  })

  it('empties the campaign form after creating', async () => {
    const page = await browserEdge.pageFor(edge.api)
    await page.goto(`${edge.url}/campaigns`)
    const form = page.locator('form')
    await form.locator('input[name="name"]').fill('Spring mailing')
    await form.locator('select[name="segmentId"]').selectOption(segmentId)
    await form.getByRole('button', { name: 'Add step' }).click()
    await form.locator('[data-step] input:not([type="number"])').fill('Welcome call')
    await form.getByRole('button', { name: 'Create' }).click()
    await page.locator('[data-campaign]').getByRole('heading', { name: 'Spring mailing' }).waitFor()

    expect(await form.locator('input[name="name"]').inputValue()).toBe('')
    expect(await form.locator('select[name="segmentId"]').inputValue()).toBe('')
    expect(await form.locator('[data-step]').count()).toBe(0)
    expect((await campaignNames()).filter((name) => name === 'Spring mailing')).toHaveLength(1)
  })

  it('asks before launching a campaign', async () => {
    const created = await edge.api.post('/api/campaigns', { name: 'Autumn calls', segmentId, status: 'draft', steps: [{ kind: 'call', offsetDays: 0, subject: 'Call' }] })
    const page = await browserEdge.pageFor(edge.api)
    await page.goto(`${edge.url}/campaigns/${encodeURIComponent(created.body._id)}`)
    const launch = page.locator('[data-campaign]').getByRole('button', { name: 'Launch' })
    await launch.waitFor()

    // The handler dismisses the dialog itself, because a click that opens one waits until it closes.
    const question = new Promise<string>((resolve) => {
      page.once('dialog', (dialog) => {
        resolve(dialog.message())
        void dialog.dismiss()
      })
    })
    await launch.click()
    expect(await question).toContain('3 members')
    expect((await edge.api.get(`/api/campaigns/${created.body._id}`)).body.launchedAt).toBeUndefined()

    page.once('dialog', (dialog) => void dialog.accept())
    await launch.click()
    await page.locator('[data-campaign]').getByRole('status').waitFor()
    expect((await edge.api.get(`/api/campaigns/${created.body._id}`)).body.memberCount).toBe(3)
  })
})
