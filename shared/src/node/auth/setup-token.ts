import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { secretsEqual } from './timing-safe'

const SETUP_TOKEN_FILE = 'setup-token'

/**
 * The one-time token that lets the first administrator be created. There is no default
 * password: while no account exists, each start makes a new token, prints it to the operator's
 * console and writes it to `setup-token` (mode 0600) in the data folder. Creating the first
 * admin consumes it and deletes the file.
 */
export class SetupToken {
  private token: string | undefined

  constructor(private readonly dataDir: string) {}

  /** Makes a new token and writes it to the data folder; returns it for the console. */
  generate(): string {
    this.token = crypto.randomBytes(24).toString('base64url')
    fs.mkdirSync(this.dataDir, { recursive: true })
    fs.writeFileSync(this.file(), `${this.token}\n`, { mode: 0o600 })
    fs.chmodSync(this.file(), 0o600)
    return this.token
  }

  /** The token while setup is pending, for the process that started the server. */
  pending(): string | undefined {
    return this.token
  }

  /** Checks a presented token in constant time without consuming it. */
  matches(presented: unknown): boolean {
    return this.token !== undefined && typeof presented === 'string' && secretsEqual(presented, this.token)
  }

  /** Invalidates the token once the first admin exists. */
  consume(): void {
    this.token = undefined
    fs.rmSync(this.file(), { force: true })
  }

  private file(): string {
    return path.join(this.dataDir, SETUP_TOKEN_FILE)
  }
}
