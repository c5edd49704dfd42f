#!/usr/bin/env node
// Entry point of the two README commands, `npm run demo` and `npm test`. It needs only Node.js
// and npm: it installs pnpm's dependencies (and Chromium for the browser tests, when it can)
// before it starts the demo or runs every test.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const PNPM_VERSION = '10.34.9'
const CHROMIUM = '/usr/bin/chromium'
const RESULTS_FILE = path.join(ROOT, '.vitest-results.json')

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

function must(command, args, options) {
  const status = run(command, args, options)
  if (status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed with exit code ${status}`)
    process.exit(status)
  }
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0 && probe.stdout.trim().startsWith('10.')) return ['pnpm', []]
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]]
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`Node.js ${process.versions.node} is too old; install Node.js 20.19 or newer`)
    process.exit(1)
  }
}

function installDependencies() {
  const [pnpm, prefix] = pnpmCommand()
  must(pnpm, [...prefix, 'install', '--frozen-lockfile', '--reporter=append-only'])
  return (args) => must(pnpm, [...prefix, ...args])
}

/** Installs Debian's Chromium for the browser tests when it is missing and apt-get is usable. */
function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot || spawnSync('which', ['apt-get']).status !== 0) {
    console.error(`${CHROMIUM} is missing and cannot be installed here; install the chromium package for the browser tests`)
    return
  }
  console.log('Installing Chromium for the browser tests (apt-get)...')
  must('apt-get', ['update', '-qq'])
  must('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

function bin(name) {
  return path.join(ROOT, 'node_modules', '.bin', name)
}

function summarise(typecheckFailed) {
  let passed = 0
  let failed = typecheckFailed ? 1 : 0
  let skipped = 0
  if (fs.existsSync(RESULTS_FILE)) {
    const results = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8'))
    passed += results.numPassedTests ?? 0
    failed += (results.numFailedTests ?? 0) + (results.numRuntimeErrorTestSuites ?? 0)
    skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0)
    // A test file that fails to load counts as a failure even though it holds no test result.
    for (const file of results.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1
    }
  } else {
    failed += 1
  }
  return { passed, failed, skipped }
}

function test(pnpm, extraArgs) {
  ensureChromium()
  console.log('\n== typecheck')
  const [command, prefix] = pnpmCommand()
  const packagesFailed = run(command, [...prefix, '-r', 'run', 'typecheck']) !== 0
  const scriptsFailed = run(bin('tsc'), ['-p', 'scripts', '--noEmit']) !== 0
  const typecheckFailed = packagesFailed || scriptsFailed
  console.log('\n== web build')
  pnpm(['--filter', '@enclave/web', 'build'])
  console.log('\n== tests')
  fs.rmSync(RESULTS_FILE, { force: true })
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS_FILE}`, ...extraArgs], {
    env: { ...process.env, CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? CHROMIUM },
  })
  const summary = summarise(typecheckFailed)
  const { passed, skipped } = summary
  let { failed } = summary
  if (typecheckFailed) console.log('typecheck failed: see the tsc output above')
  // Vitest also fails a run for errors outside any test, such as an unhandled rejection. They
  // are not test results, so the run counts as one failure to keep the summary line honest.
  if (status !== 0 && failed === 0) {
    failed = 1
    console.log(`vitest exited with status ${status} although every test passed: see the errors above`)
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exit(failed > 0 ? 1 : 0)
}

function demo(pnpm, extraArgs) {
  pnpm(['--filter', '@enclave/web', 'build'])
  // Spawned without blocking, so that a SIGTERM or SIGINT sent to this process (by npm, a
  // service manager or `kill`) reaches the demo, which then stops the edge and the cloud.
  // `node --import tsx` keeps the demo in one process, so signals sent to it reach its code.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'demo.ts'), ...extraArgs], { cwd: ROOT, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal))
  }
  // npm exits on SIGTERM without passing it on, which would leave the demo running: stop it
  // when this process loses its parent.
  const parent = process.ppid
  const watch = setInterval(() => {
    if (process.ppid !== parent) child.kill('SIGTERM')
  }, 1000)
  child.on('exit', (code, signal) => {
    clearInterval(watch)
    process.exit(code ?? (signal ? 1 : 0))
  })
}

checkNode()
const [command, ...extraArgs] = process.argv.slice(2)
const pnpm = installDependencies()
if (command === 'test') test(pnpm, extraArgs)
else if (command === 'demo') demo(pnpm, extraArgs)
else {
  console.error(`unknown command '${command}'; use 'demo' or 'test'`)
  process.exit(2)
}
