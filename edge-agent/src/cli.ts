import { runAuditCli } from './audit/audit-cli'
import { runPolicyCli } from './policy/policy-cli'
import { runImportCli } from './cli/import-command'
import { limitHeapGrowth, parseHeapGrowthPercent } from './heap'

const USAGE = `usage: edge-agent <command> [options]

commands:
  start              runs the edge agent (same as npm start)
  audit verify       checks the audit log's hash chain
  audit export       writes the audit log as CSV or JSON
  policy <command>   lists policy versions, shows a policy or the attestation, checks a draft
  import FILE        imports a CSV or .xlsx file with a progress bar (edge stopped)`

/** Dispatches `edge-agent <command>`; each command returns its exit code. */
async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args
  if (command === 'audit') return runAuditCli(rest)
  if (command === 'policy') return runPolicyCli(rest)
  if (command === 'import') {
    limitHeapGrowth(parseHeapGrowthPercent(process.env.EDGE_HEAP_GROWTH_PERCENT))
    return runImportCli(rest)
  }
  if (command === 'start') {
    await import('./main')
    return -1
  }
  process.stdout.write(`${USAGE}\n`)
  return command === undefined || command === '--help' ? 0 : 2
}

const code = await main(process.argv.slice(2))
if (code >= 0) process.exitCode = code
