import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import readline from 'node:readline'

const REPO_ROOT = path.resolve(import.meta.dirname, '../..')

/** An edge or cloud running as its own process, as an operator starts it. */
export interface ChildTier {
  url: string
  process: ChildProcess
  /** Kills the process with SIGKILL, as a crash or power cut would, and waits for its exit. */
  kill9(): Promise<void>
}

/** Finds a free loopback port for a child that must keep its port across restarts. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * Starts `edge-agent/src/main.ts` or `cloud/src/main.ts` under Node with tsx and the given environment,
 * and resolves once the process logs that it started.
 */
export async function startChildTier(tier: 'edge' | 'cloud', env: Record<string, string>): Promise<ChildTier> {
  const script = path.join(REPO_ROOT, tier === 'edge' ? 'edge-agent/src/main.ts' : 'cloud/src/main.ts')
  // node --import tsx runs the TypeScript in this one process. The tsx command would fork a
  // second process, which a SIGKILL of the first leaves running.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', WEB_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stderr: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))

  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! })
    const timer = setTimeout(() => reject(new Error(`${tier} did not start in 60 s: ${stderr.join('')}`)), 60_000)
    child.once('exit', (code) => reject(new Error(`${tier} exited with ${code} before starting: ${stderr.join('')}`)))
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string }
        if (entry.msg === `${tier} started` && entry.url) {
          clearTimeout(timer)
          resolve(entry.url)
        }
      } catch {
        // Lines that are not JSON log entries are ignored.
      }
    })
  })

  return {
    url,
    process: child,
    async kill9() {
      child.kill('SIGKILL')
      await exited
    },
  }
}
