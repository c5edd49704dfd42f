import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Serves the built web UI from `webDir`, with `index.html` for every other non-API path so that
 * client-side routes survive a reload.
 */
export function serveWebApp(app: Hono<any>, webDir: string | undefined): void {
  if (!webDir || !fs.existsSync(path.join(webDir, 'index.html'))) return
  const root = path.relative(process.cwd(), webDir) || '.'
  const indexHtml = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8')

  app.use('/assets/*', serveStatic({ root }))
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/sync/')) return next()
    return c.html(indexHtml)
  })
}

/** The built web UI: `web/dist` next to this package, unless WEB_DIR says otherwise. */
export function defaultWebDir(): string {
  return path.resolve(import.meta.dirname, '../../../web/dist')
}
