import fs from 'node:fs'
import path from 'node:path'

/** The product version, read from the workspace's package.json. */
export const VERSION: string = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version
