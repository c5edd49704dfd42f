import fs from 'node:fs'
import path from 'node:path'
import { ApiError, checkPolicyDraft } from '@enclave/shared'
import { openDatabase } from '../storage/pouch'
import { AttestationStore } from './attestation-store'
import { PolicyStore } from './policy-store'
import { PolicyVersions } from './policy-versions'

export const POLICY_USAGE = `usage: edge-agent policy versions [--data-dir DIR]
       edge-agent policy show [--version N] [--data-dir DIR]
       edge-agent policy attestation [--data-dir DIR]
       edge-agent policy check FILE

versions     lists every saved version with author, time and changes
show         prints the current policy, or version N, as JSON
attestation  prints the latest residency audit from the cloud and any pending purge
check        checks a policy draft in a JSON file ({ entities, customFields? }); exit code 1 when invalid
--data-dir   the edge's data folder (default: EDGE_DATA_DIR or .data/edge); stop the edge first`

function readOption(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index >= 0 ? args[index + 1] : undefined
}

function checkFile(file: string | undefined, output: (text: string) => void): number {
  if (!file) {
    output(`${POLICY_USAGE}\n`)
    return 2
  }
  let draft: unknown
  try {
    draft = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    output(`cannot read a JSON policy from ${file}: ${(error as Error).message}\n`)
    return 2
  }
  const checked = checkPolicyDraft(draft)
  if (checked.ok) {
    output(`${file}: valid\n`)
    return 0
  }
  for (const error of checked.errors) output(`${file}: ${error.path || '(root)'}: ${error.message}\n`)
  return 1
}

/**
 * Runs `edge-agent policy <versions|show|attestation|check>` and returns the exit code: 0 on
 * success, 1 for an invalid draft, 2 for usage errors. All but `check` read the stopped
 * edge's `meta` database.
 */
export async function runPolicyCli(args: string[], output: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [command, file] = args
  if (command === 'check') return checkFile(file, output)
  if (command !== 'versions' && command !== 'show' && command !== 'attestation') {
    output(`${POLICY_USAGE}\n`)
    return 2
  }

  const dataDir = path.resolve(readOption(args, '--data-dir') ?? process.env.EDGE_DATA_DIR ?? '.data/edge')
  const meta = openDatabase(dataDir, 'meta')
  try {
    await meta.info().catch((error: Error) => {
      throw new Error(`cannot open the policy in ${dataDir} (${error.message}); if the edge is running, stop it or use GET /api/policy`)
    })

    if (command === 'attestation') {
      const store = new AttestationStore(meta)
      const view = { attestation: (await store.latest()) ?? null, pendingPurge: (await store.pendingPurge()) ?? null }
      output(`${JSON.stringify(view, null, 2)}\n`)
      return 0
    }

    const policies = new PolicyStore(meta)
    await policies.open()
    // Reading versions changes no custom fields, so there is no record store to tell.
    const versions = new PolicyVersions(meta, policies, { setCustomFields: () => undefined })
    if (command === 'versions') {
      for (const version of await versions.list()) {
        output(`version ${version.version}  ${version.createdAt}  ${version.author}${version.note ? `  ${version.note}` : ''}\n`)
        for (const change of version.changes) {
          const target = change.field ? `${change.type}.${change.field}` : change.type
          output(`  ${target}: ${change.change} ${JSON.stringify(change.before ?? null)} -> ${JSON.stringify(change.after ?? null)}${change.stricter ? ' (stricter)' : ''}\n`)
        }
      }
      return 0
    }

    const requested = readOption(args, '--version')
    if (requested !== undefined && !/^[1-9]\d*$/.test(requested)) {
      output(`--version is '${requested}'; use a version number from 'edge-agent policy versions'\n`)
      return 2
    }
    try {
      const policy = requested ? (await versions.get(Number(requested))).policy : policies.get()
      output(`${JSON.stringify(policy, null, 2)}\n`)
      return 0
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      output(`${error.message}\n`)
      return 2
    }
  } finally {
    await meta.close()
  }
}
