import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startBrowserEdge, type BrowserEdge } from './browser'

/** A date and time as Chinese Chromium writes it in the medium style: `2026年12月4日 20:52`. */
const ZH_DATE_TIME = /^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}$/

describe('labels in Chinese mode at the edge', () => {
  let tier: BrowserEdge
  let edge: TestEdge
  let page: Page
  let campaignId: string

  beforeAll(async () => {
    tier = await startBrowserEdge({ language: 'zh-CN' })
    ;({ edge, page } = tier)
    await edge.api.post('/api/contacts', { firstName: 'Melissa', lastName: 'Haugen', country: 'Norway' })
    const segment = await edge.api.post('/api/segments', {
      name: 'Norwegians',
      entityType: 'contact',
      match: 'all',
      conditions: [{ field: 'country', op: 'eq', value: 'Norway' }],
    })
    const campaign = await edge.api.post('/api/campaigns', {
      name: 'Winter offer',
      segmentId: (segment.body as { _id: string })._id,
      status: 'draft',
      steps: [{ kind: 'email', offsetDays: 0, subject: 'Send offer' }],
    })
    campaignId = (campaign.body as { _id: string })._id
    await edge.api.post(`/api/campaigns/${campaignId}/launch`, {})

  }, 120_000)

  afterAll(async () => {
    await tier?.close()
  })

  it('new-record headings name the type', async () => {
    for (const [plural, heading] of [['contacts', '新建联系人'], ['activities', '新建活动'], ['tickets', '新建工单']]) {
      await page.goto(`${edge.url}/${plural}/new`)
      await page.locator('#new-record-heading').waitFor()

      expect(await page.locator('#new-record-heading').textContent()).toBe(heading)
    }
  })

  it('segments name types and operators', async () => {
    await page.goto(`${edge.url}/segments`)
    await page.locator('tr[data-segment]').first().waitFor()

    expect(await page.locator('tr[data-segment] td:nth-child(2)').textContent()).toBe('联系人')
    expect(await page.locator('select[name=entityType] option').allTextContents()).toEqual(['联系人', '公司', '商机'])

    await page.getByRole('button', { name: '添加条件' }).click()
    const operators = await page.locator('[data-condition] select').nth(1).locator('option').allTextContents()
    expect(operators).toContain('等于')
    expect(operators).toContain('开头是')
    expect(operators).not.toContain('eq')
    expect(await page.locator('[data-condition] select').first().locator('option').first().textContent()).toBe('名')
  })

  it('campaign shows statuses and steps', async () => {
    await page.goto(`${edge.url}/campaigns/${encodeURIComponent(campaignId)}`)
    const detail = page.locator(`[data-campaign="${campaignId}"]`)
    await detail.locator('[data-status=pending]').waitFor()

    expect(await detail.locator('p').first().textContent()).toBe('状态: 进行中')
    expect(await detail.locator('[data-status] dt').allTextContents()).toEqual(['待联系', '已联系', '已回复', '已转化', '已退出'])
    expect(await detail.locator('li').first().textContent()).toContain('邮件（启动后第 0 天）：Send offer')
    expect(await detail.locator('select option').allTextContents()).not.toContain('pending')
  })

  it('unknown page message is Chinese', async () => {
    await page.goto(`${edge.url}/nonexistent`)
    await page.locator('.state.error').waitFor()

    expect(await page.locator('.state.error').textContent()).toContain('页面 /nonexistent 不存在')
  })

  it('audit log dates use the Chinese format', async () => {
    await page.goto(`${edge.url}/audit`)
    await page.locator('.audit-table tbody tr').first().waitFor()

    expect(await page.locator('.audit-table tbody tr td:nth-child(2)').first().textContent()).toMatch(ZH_DATE_TIME)
  })

  it('policy page names types, kinds and dates', async () => {
    await page.goto(`${edge.url}/policy`)
    await page.locator('[data-testid^=version-]').first().waitFor()

    const types = await page.getByLabel('记录类型').locator('option').allTextContents()
    expect(types).toContain('联系人')
    expect(types).not.toContain('contact')
    const kinds = await page.locator('.custom-field select').nth(1).locator('option').allTextContents()
    expect(kinds).toContain('长文本')
    expect(kinds).not.toContain('longtext')
    const version = (await page.locator('[data-testid^=version-]').first().textContent()) ?? ''
    expect(version).toMatch(/于 \d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}/)
  })

  it('policy page writes rule errors in Chinese', async () => {
    await page.goto(`${edge.url}/policy`)
    await page.locator('[data-testid=mode-deal-title]:not([disabled])').waitFor()
    await page.getByTestId('mode-deal-title').selectOption('local')

    expect(await page.locator('[data-testid=rule-deal-title] .error').textContent()).toBe(
      '允许远程员工创建商机，但必填字段“标题”没有同步，云端无法填写；请将该字段设为“同步”，或取消“允许远程员工创建商机记录”',
    )

    await page.getByTestId('mode-deal-title').selectOption('sync')
    await page.getByLabel('所有商机都保留在站点').check()
    const entityErrors = await page.locator('.policy-entity', { hasText: '所有商机都保留在站点' }).locator(':scope > .error').allTextContents()
    expect(entityErrors).toContain('商机设为保留在站点，因此云端无法创建；请取消“允许远程员工创建商机记录”或“所有商机都保留在站点”')
  })

  it('header switch redraws the policy page', async () => {
    const language = page.locator('header select').last()
    await language.selectOption('en')
    await page.getByLabel('Entity type').waitFor()
    await language.selectOption('zh-CN')
    await page.getByLabel('记录类型').waitFor()

    expect(await page.locator('.custom-field select').nth(1).locator('option').first().textContent()).toBe('文本')
    expect(await page.locator('.policy-entity h2').first().textContent()).toBe('联系人')
  })
})
