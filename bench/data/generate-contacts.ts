/**
 * Writes N realistic contacts as CSV, built from the 10,000 sample customers. Each output row
 * takes its names, company, place, phones and dates from different sample rows. Values thus
 * keep the sample's shapes and quirks (phones with extensions, DD-MM-YYYY dates, quoted
 * company names) while rows stay unique. Emails are made unique with
 * a numeric suffix so that N rows yield N distinct contacts. Output is streamed, so 1,000,000
 * rows need no more memory than 10.
 *
 * Usage: tsx bench/data/generate-contacts.ts N OUTPUT.csv [--seed S]
 */
import fs from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const SAMPLE_CUSTOMERS_CSV = path.resolve(REPO_ROOT, '../shared/data/customers/customers-10000.csv')

/** Header of the generated file: the sample's columns without its row number. */
export const GENERATED_HEADER = [
  'Customer Id',
  'First Name',
  'Last Name',
  'Company',
  'City',
  'Country',
  'Phone 1',
  'Phone 2',
  'Email',
  'Subscription Date',
  'Website',
] as const

type SampleRow = Record<(typeof GENERATED_HEADER)[number], string>

/** Mulberry32: a small seeded generator, so the same seed always writes the same file. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function readSampleRows(file: string): SampleRow[] {
  const parsed = Papa.parse<SampleRow>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true })
  return parsed.data
}

function quoteCsv(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

function buildRow(rows: SampleRow[], random: () => number, index: number): string[] {
  const pick = () => rows[Math.floor(random() * rows.length)] as SampleRow
  const person = pick()
  const employer = pick()
  const place = pick()
  const contactDetails = pick()

  const [local = 'contact', domain = 'example.com'] = contactDetails.Email.split('@')
  const email = `${local}.${index}@${domain}`
  const customerId = `${person['Customer Id'].slice(0, 9)}${index.toString(16).padStart(6, '0')}`

  return [
    customerId,
    person['First Name'],
    pick()['Last Name'],
    employer.Company,
    place.City,
    place.Country,
    contactDetails['Phone 1'],
    pick()['Phone 2'],
    email,
    pick()['Subscription Date'],
    employer.Website,
  ]
}

/**
 * Streams `count` generated contacts to `output` as CSV with a header row.
 *
 * @example await generateContacts(100_000, '/tmp/contacts-100k.csv')
 */
export async function generateContacts(count: number, output: string, seed = 1): Promise<void> {
  const rows = readSampleRows(SAMPLE_CUSTOMERS_CSV)
  const random = seededRandom(seed)
  const stream = fs.createWriteStream(output)

  stream.write(`${GENERATED_HEADER.join(',')}\n`)
  for (let index = 1; index <= count; index++) {
    const line = `${buildRow(rows, random, index).map(quoteCsv).join(',')}\n`
    if (!stream.write(line)) await once(stream, 'drain')
  }

  stream.end()
  await once(stream, 'finish')
}

async function main(args: string[]): Promise<void> {
  const [countText, output] = args
  const seedIndex = args.indexOf('--seed')
  const count = Number(countText)
  if (!Number.isInteger(count) || count < 1 || !output) {
    console.error('usage: tsx bench/data/generate-contacts.ts N OUTPUT.csv [--seed S]')
    process.exit(2)
  }
  await generateContacts(count, path.resolve(output), seedIndex >= 0 ? Number(args[seedIndex + 1]) : 1)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2))
}
