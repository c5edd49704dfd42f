import { isDateFormat, type DateFormat } from '@enclave/shared/import/index'

export const IMPORT_USAGE = `usage: edge-agent import FILE --type contacts|companies|deals|activities|tickets [options]

Imports a CSV or .xlsx file into the edge's data folder with a progress bar. Stop the edge
first: the command opens its databases directly. Columns are mapped as the web preview suggests.

  --type T              entity type, as a plural (required)
  --country CC          country of phone numbers without a country code, such as US or CN
  --on-duplicate MODE   skip (default), update or merge rows that match a stored record
  --dedupe KEYS         fields that identify a record: email or firstName+lastName+companyId;
                        repeat for several keys (default: email, then externalId for contacts)
  --create-companies    create companies named in the file that do not exist yet
  --sheet NAME          worksheet of an .xlsx file (default: the first)
  --header-row N        row that holds the column names, counting from 1 (default: 1)
  --encoding ENC        utf-8, utf-16le, utf-16be, gb18030 or windows-1252 (default: detected)
  --date-format C=F     date format F of column C, for example "Close Date=DD-MM-YYYY"
  --decimal-comma       numbers use a decimal comma (1.234,50)
  --dry-run             check every row and print the counts without writing
  --data-dir DIR        the edge's data folder (default: EDGE_DATA_DIR or .data/edge)`

/** Parsed command-line options of `edge-agent import`. */
export interface ImportCliOptions {
  file: string
  plural: string
  country?: string
  onDuplicate?: string
  dedupeKeys: string[][]
  createCompanies: boolean
  sheet?: string
  headerRow?: number
  encoding?: string
  dateFormats: Map<string, DateFormat>
  decimalComma: boolean
  dryRun: boolean
  dataDir?: string
}

/** Error for a command line that cannot run; its message names what to change. */
export class UsageError extends Error {}

const VALUE_OPTIONS = new Set(['--type', '--country', '--on-duplicate', '--dedupe', '--sheet', '--header-row', '--encoding', '--date-format', '--data-dir'])
const FLAG_OPTIONS = new Set(['--create-companies', '--decimal-comma', '--dry-run'])

/** Parses `edge-agent import` arguments; throws `UsageError` naming the wrong one. */
export function parseImportArgs(args: readonly string[]): ImportCliOptions {
  const values = new Map<string, string[]>()
  const flags = new Set<string>()
  const positional: string[] = []
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!
    if (VALUE_OPTIONS.has(arg)) {
      const value = args[++index]
      if (value === undefined) throw new UsageError(`${arg} needs a value`)
      values.set(arg, [...(values.get(arg) ?? []), value])
    } else if (FLAG_OPTIONS.has(arg)) {
      flags.add(arg)
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`)
    } else {
      positional.push(arg)
    }
  }

  const [file] = positional
  if (!file || positional.length > 1) throw new UsageError('give exactly one FILE to import')
  const plural = values.get('--type')?.[0]
  if (!plural) throw new UsageError('--type is required')
  const headerRowText = values.get('--header-row')?.[0]
  const headerRow = headerRowText === undefined ? undefined : Number(headerRowText)
  if (headerRow !== undefined && (!Number.isInteger(headerRow) || headerRow < 1)) throw new UsageError(`--header-row is '${headerRowText}'; use a row number of 1 or more`)

  const dateFormats = new Map<string, DateFormat>()
  for (const entry of values.get('--date-format') ?? []) {
    const equals = entry.lastIndexOf('=')
    const format = entry.slice(equals + 1)
    if (equals < 1 || !isDateFormat(format)) throw new UsageError(`--date-format is '${entry}'; write COLUMN=FORMAT with a format such as DD-MM-YYYY`)
    dateFormats.set(entry.slice(0, equals), format)
  }

  return {
    file,
    plural,
    country: values.get('--country')?.[0],
    onDuplicate: values.get('--on-duplicate')?.[0],
    dedupeKeys: (values.get('--dedupe') ?? []).map((key) => key.split('+')),
    createCompanies: flags.has('--create-companies'),
    sheet: values.get('--sheet')?.[0],
    headerRow,
    encoding: values.get('--encoding')?.[0],
    dateFormats,
    decimalComma: flags.has('--decimal-comma'),
    dryRun: flags.has('--dry-run'),
    dataDir: values.get('--data-dir')?.[0],
  }
}
