/**
 * Measures the web app's budget in headless Chromium against a real edge with CONTACTS
 * contacts. It prints the gzipped size of the JavaScript the first page loads. It also prints
 * the time from the end of the list response to the first row in the document, as the median
 * of RUNS page loads.
 *
 * Usage: tsx bench/web/web-bench.ts [CONTACTS=100000] [RUNS=7]
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import Papa from 'papaparse'
import { chromium } from 'playwright-core'
import { LIFECYCLE_STAGES, type RecordDoc } from '@enclave/shared'
import { startTestEdge } from '@enclave/edge-agent/testing/test-edge'
import { generateContacts } from '../data/generate-contacts'

const CONTACTS = Number(process.argv[2] ?? 100_000)
const RUNS = Number(process.argv[3] ?? 7)
const WRITE_BATCH = 5000
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const WEB_DIR = path.join(REPO_ROOT, 'web')
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/** Gzipped bytes of the scripts index.html loads before anything else: entry and preloads. */
function initialScriptBytes(outDir: string): { files: string[]; gzipped: number } {
  const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8')
  const files = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((match) => match[1] as string)
  const gzipped = files.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(outDir, file), 'utf8')).length, 0)
  return { files, gzipped }
}

async function main(): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-web-'))
  const outDir = path.join(folder, 'web')
  execFileSync(path.join(WEB_DIR, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: WEB_DIR, stdio: 'inherit' })
  const bundle = initialScriptBytes(outDir)
  console.log(`initial JavaScript: ${(bundle.gzipped / 1024).toFixed(1)} KiB gzipped (${bundle.files.join(', ')})`)

  const csv = path.join(folder, 'contacts.csv')
  await generateContacts(CONTACTS, csv)
  const rows = Papa.parse<Record<string, string>>(fs.readFileSync(csv, 'utf8'), { header: true, skipEmptyLines: true }).data
  const edge = await startTestEdge({ dataDir: path.join(folder, 'edge'), webDir: outDir })
  const { store } = edge.context
  for (let start = 0; start < rows.length; start += WRITE_BATCH) {
    const docs: RecordDoc[] = rows.slice(start, start + WRITE_BATCH).map((row, offset) =>
      store.buildNew('contact', {
        firstName: row['First Name'],
        lastName: row['Last Name'],
        country: row.Country,
        lifecycleStage: LIFECYCLE_STAGES[(start + offset) % LIFECYCLE_STAGES.length],
      }),
    )
    await store.createMany('contact', docs)
  }
  console.log(`contacts at the edge: ${store.index.count('contact')}`)

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS })
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const { hostname } = new URL(edge.url)
  await context.addCookies(['enclave_session', 'enclave_csrf'].map((name) => ({ name, value: edge.api.getCookie(name) ?? '', domain: hostname, path: '/' })))
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('tr.row')) return
      ;(window as unknown as { firstRowAt: number }).firstRowAt = performance.now()
      observer.disconnect()
    }).observe(document, { childList: true, subtree: true })
  })

  const renders: number[] = []
  const totals: number[] = []
  for (let run = 0; run <= RUNS; run++) {
    const page = await context.newPage()
    const started = performance.now()
    await page.goto(`${edge.url}/contacts`)
    await page.locator('tr.row').first().waitFor()
    const loaded = performance.now() - started
    const render = await page.evaluate(() => {
      const entry = performance
        .getEntriesByType('resource')
        .find((resource) => /\/api\/contacts\?/.test(resource.name)) as PerformanceResourceTiming
      return (window as unknown as { firstRowAt: number }).firstRowAt - entry.responseEnd
    })
    const shown = await page.locator('[data-testid=count]').textContent()
    await page.close()
    if (run === 0) continue
    renders.push(render)
    totals.push(loaded)
    if (run === 1) console.log(`list count shown: ${shown}`)
  }
  console.log(`first page of ${CONTACTS.toLocaleString('en')} contacts, median of ${RUNS} loads:`)
  console.log(`  render after the list data arrived: ${median(renders).toFixed(1)} ms`)
  console.log(`  navigation to first row (incl. app load and request): ${median(totals).toFixed(0)} ms`)

  await browser.close()
  await edge.destroy()
  fs.rmSync(folder, { recursive: true, force: true })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
