/**
 * Measures the residency work at scale after contact job titles become `local`. First the
 * impact preview at the edge over N contacts and N/2 deals, which projects each record under
 * both policies. Then the cloud's purge and audit of M projected contacts with two revisions
 * each, on embedded storage. Each figure is the median of RUNS runs, and every purge run gets
 * a fresh database.
 *
 * Usage: tsx bench/residency/preview-and-purge.ts [N=100000] [M=10000] [RUNS=3]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { DEFAULT_POLICY, newId, previewImpact, project, toAllowedFieldSet, type RecordDoc, type ResidencyPolicy } from '@enclave/shared'
import { auditResidency } from '@enclave/cloud/residency/residency-audit'
import { purgeDisallowedValues } from '@enclave/cloud/residency/residency-purge'
import { createEmbeddedStorage } from '@enclave/cloud/storage/embedded'

const PREVIEW_COUNT = Number(process.argv[2] ?? 100_000)
const PURGE_COUNT = Number(process.argv[3] ?? 10_000)
const RUNS = Number(process.argv[4] ?? 3)
const KEY = new Uint8Array(32).fill(9)

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SAMPLE_CSV = path.resolve(REPO_ROOT, '../shared/data/customers/customers-10000.csv')

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

function stricterPolicy(): ResidencyPolicy {
  const contact = DEFAULT_POLICY.entities.contact!
  return {
    version: 2,
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, jobTitle: { mode: 'local' } } } },
  }
}

/** Builds `count` contacts from the sample customers, each with a deal that names it. */
function buildRecords(count: number): RecordDoc[] {
  const rows = Papa.parse<Record<string, string>>(fs.readFileSync(SAMPLE_CSV, 'utf8'), { header: true, skipEmptyLines: true }).data
  const records: RecordDoc[] = []
  for (let index = 0; index < count; index++) {
    const row = rows[index % rows.length]!
    const contactId = newId('contact')
    records.push({
      _id: contactId,
      type: 'contact',
      firstName: row['First Name'],
      lastName: row['Last Name'],
      email: `${index}.${row.Email}`,
      jobTitle: 'Buyer',
      country: row.Country,
      stamps: { firstName: 's', lastName: 's', email: 's', jobTitle: 's', country: 's' },
    })
    if (index % 2 === 0) {
      records.push({ _id: newId('deal'), type: 'deal', title: `Renewal ${row['First Name']} ${row['Last Name']}`, stage: 'Engaging', contactId })
    }
  }
  return records
}

async function timePurge(records: RecordDoc[]): Promise<{ purgeMs: number; auditMs: number; revisions: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-residency-'))
  const storage = createEmbeddedStorage(dir)
  try {
    const db = await storage.database('site_bench')
    const contacts = records.filter((record) => record.type === 'contact').slice(0, PURGE_COUNT)
    for (let start = 0; start < contacts.length; start += 500) {
      const batch = contacts.slice(start, start + 500).map((record) => project(record, DEFAULT_POLICY, KEY)!)
      const written = await db.bulkDocs(batch)
      const second = batch.map((doc, position) => ({ ...doc, _rev: written[position]!.rev, jobTitle: 'Senior buyer' }))
      await db.bulkDocs(second)
    }

    const allowed = toAllowedFieldSet(stricterPolicy())
    let started = performance.now()
    await purgeDisallowedValues(db, 'bench', allowed)
    const purgeMs = performance.now() - started
    started = performance.now()
    const audit = await auditResidency(db, 'bench', allowed)
    const auditMs = performance.now() - started
    if (audit.violationCount !== 0) throw new Error(`the purge left ${audit.violationCount} violations`)
    return { purgeMs, auditMs, revisions: audit.revisionsScanned }
  } finally {
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const records = buildRecords(PREVIEW_COUNT)
const previewTimes: number[] = []
let changed = 0
for (let run = 0; run < RUNS; run++) {
  const started = performance.now()
  changed = previewImpact(records, DEFAULT_POLICY, stricterPolicy(), KEY).documentsChanged
  previewTimes.push(performance.now() - started)
}
console.log(`impact preview: ${records.length} records, ${changed} change, median ${median(previewTimes).toFixed(0)} ms over ${RUNS} runs`)

const purges: { purgeMs: number; auditMs: number; revisions: number }[] = []
for (let run = 0; run < RUNS; run++) purges.push(await timePurge(records))
const revisions = purges[0]!.revisions
console.log(`cloud purge: ${PURGE_COUNT} contacts with 2 revisions each, median ${median(purges.map((run) => run.purgeMs)).toFixed(0)} ms over ${RUNS} runs`)
console.log(`residency audit after purge: ${PURGE_COUNT} documents, ${revisions} readable revisions, median ${median(purges.map((run) => run.auditMs)).toFixed(0)} ms over ${RUNS} runs`)
