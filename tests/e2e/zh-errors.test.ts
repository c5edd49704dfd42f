import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { buildWebApp, launchChromium } from './browser'

describe('error messages in Chinese mode', () => {
  let webDir: string
  let edge: TestEdge
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    webDir = buildWebApp()
    edge = await startTestEdge({ webDir })
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addInitScript(() => localStorage.setItem('enclave.language', 'zh-CN'))
    page = await context.newPage()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await edge?.destroy()
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true })
  })

  it('login shows wrong password', async () => {
    await page.goto(`${edge.url}/contacts`)
    await page.locator('input[name=username]').fill(TEST_ADMIN_USERNAME)
    await page.locator('input[name=password]').fill('not the password')
    await page.getByRole('button', { name: '登录' }).click()

    await page.getByTestId('login-error').waitFor()
    expect(await page.getByTestId('login-error').textContent()).toBe('用户名或密码错误，或者该账户已停用')
  })

  it('new contact shows invalid email', async () => {
    await page.locator('input[name=username]').fill(TEST_ADMIN_USERNAME)
    await page.locator('input[name=password]').fill(TEST_ADMIN_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('tier').waitFor()

    await page.goto(`${edge.url}/contacts/new`)
    await page.locator('#new-lastName').fill('Undset')
    await page.locator('#new-email').fill('sigrid-at-example')
    await page.getByRole('button', { name: '创建' }).click()

    await page.locator('#new-email-error').waitFor()
    expect(await page.locator('#new-email-error').textContent()).toBe('电子邮件：“sigrid-at-example”不是有效的电子邮件地址；请使用 name@example.com 的格式')
  })

  it('list shows an unknown sort field', async () => {
    await page.goto(`${edge.url}/contacts?sort=favouriteColour`)

    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').locator('p').textContent()).toBe('“favouriteColour”不是联系人的字段，无法按它排序')
  })
})
