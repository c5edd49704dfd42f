import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

const WEB_DIR = path.resolve(import.meta.dirname, '../../web')

/** Folder where the end-to-end tests save a screenshot of each main page. */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots')

/** Builds the web app into a new temporary folder and returns it. */
export function buildWebApp(): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-e2e-web-'))
  execFileSync(path.join(WEB_DIR, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: WEB_DIR, stdio: 'pipe' })
  return outDir
}

/** Starts Debian's Chromium headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS })
}

/** Opens a browser context of `width` x 800 px with the session cookies of a signed-in API client. */
export async function signedInContext(
  browser: Browser,
  url: string,
  getCookie: (name: string) => string | undefined,
  width = 1280,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 800 } })
  const { hostname } = new URL(url)
  await context.addCookies(
    ['enclave_session', 'enclave_csrf'].map((name) => ({ name, value: getCookie(name) ?? '', domain: hostname, path: '/' })),
  )
  return context
}

/** An edge serving a fresh build of the web app, and a Chromium page signed in as its admin. */
export interface BrowserEdge {
  edge: TestEdge
  page: Page
  close(): Promise<void>
}

/** Starts an edge with the web app and opens a signed-in page, in `language` when given. */
export async function startBrowserEdge(options: { language?: string } = {}): Promise<BrowserEdge> {
  const webDir = buildWebApp()
  const edge = await startTestEdge({ webDir })
  const browser = await launchChromium()
  const context = await signedInContext(browser, edge.url, (name) => edge.api.getCookie(name))
  if (options.language) await context.addInitScript((language) => localStorage.setItem('enclave.language', language), options.language)
  const page = await context.newPage()
  return {
    edge,
    page,
    async close() {
      await browser.close()
      await edge.destroy()
      fs.rmSync(webDir, { recursive: true, force: true })
    },
  }
}


/** An edge serving a fresh build of the web app, and Chromium pages signed in as any of its users. */
export interface RoleBrowserEdge {
  edge: TestEdge
  /** Opens a page in a new browser context with the session cookies of `client`. */
  pageFor(client: { getCookie(name: string): string | undefined }): Promise<Page>
  close(): Promise<void>
}

/** Starts an edge with the web app and Chromium, for tests that sign in as several roles. */
export async function startRoleBrowserEdge(): Promise<RoleBrowserEdge> {
  const webDir = buildWebApp()
  const edge = await startTestEdge({ webDir })
  const browser = await launchChromium()
  const contexts: BrowserContext[] = []
  return {
    edge,
    async pageFor(client) {
      const context = await signedInContext(browser, edge.url, (name) => client.getCookie(name))
      contexts.push(context)
      return context.newPage()
    },
    async close() {
      for (const context of contexts) await context.close()
      await browser.close()
      await edge.destroy()
      fs.rmSync(webDir, { recursive: true, force: true })
    },
  }
}
