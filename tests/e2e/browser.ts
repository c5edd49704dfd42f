import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

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
