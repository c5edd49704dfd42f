import { fileError } from './import-error'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { checkExpansion, inflateEntry, readZipDirectory, readZipEntries, verifyEntrySizes, type ZipEntry } from './zip-inspect'

/** A worksheet of a workbook, in the order the workbook lists them. */
export interface SheetInfo {
  name: string
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)))
    return XML_ENTITIES[name] ?? entity
  })
}

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const match of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) attributes.set(match[1] ?? '', decodeXml(match[2] ?? ''))
  return attributes
}

function findEntry(entries: readonly ZipEntry[], name: string): ZipEntry | undefined {
  return entries.find((entry) => entry.name === name)
}

/** A worksheet and the zip entry that contains its cells. */
interface SheetPart extends SheetInfo {
  entry: ZipEntry
}

/** Resolves a relationship target of `xl/workbook.xml` to a zip entry name. */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`
}

async function listSheetParts(file: string, entries: readonly ZipEntry[]): Promise<SheetPart[]> {
  const workbook = findEntry(entries, 'xl/workbook.xml')
  const relations = findEntry(entries, 'xl/_rels/workbook.xml.rels')
  if (!workbook || !relations) {
    throw fileError('invalid_xlsx', 'the file is a zip archive but not an .xlsx workbook (no xl/workbook.xml); save it as .xlsx or CSV').withParams({
      reason: 'no_workbook',
    })
  }

  const targets = new Map<string, string>()
  const relationsXml = (await inflateEntry(file, relations)).toString('utf8')
  for (const match of relationsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const attributes = attributesOf(match[0])
    targets.set(attributes.get('Id') ?? '', attributes.get('Target') ?? '')
  }

  const sheets: SheetPart[] = []
  const workbookXml = (await inflateEntry(file, workbook)).toString('utf8')
  for (const match of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const attributes = attributesOf(match[0])
    const target = targets.get(attributes.get('r:id') ?? '') ?? ''
    const entry = findEntry(entries, partName(target))
    if (/worksheets\/[^/]+\.xml$/.test(target) && entry) sheets.push({ name: attributes.get('name') ?? `Sheet${sheets.length + 1}`, entry })
  }
  return sheets
}

/**
 * Checks that `file` is a workbook that is safe to expand, and lists its worksheets. Throws
 * `invalid_xlsx` for a file that is not a workbook and `zip_bomb` for one that expands too far.
 */
export async function inspectWorkbook(file: string): Promise<SheetInfo[]> {
  const entries = await readZipEntries(file)
  checkExpansion(entries)
  const sheets = await listSheetParts(file, entries)
  await verifyEntrySizes(file, entries)
  if (sheets.length === 0) throw fileError('invalid_xlsx', 'the workbook has no worksheets; add a sheet with a header row').withParams({ reason: 'no_sheets' })
  return sheets.map(({ name }) => ({ name }))
}

/** Builds the error for a sheet name the workbook lacks, listing the sheets it has. */
export function sheetNotFound(sheetName: string, sheets: readonly SheetInfo[]): Error {
  const names = sheets.map((candidate) => candidate.name)
  return fileError('sheet_not_found', `the workbook has no sheet named '${sheetName}'; choose one of ${names.map((name) => `'${name}'`).join(', ')}`).withParams({
    sheet: sheetName,
    sheets: names,
  })
}

/** The parts of a workbook needed to read one of its sheets, as a zip stream. */
export interface SheetArchive {
  stream: Readable
  /** False when the workbook keeps every string inline and has no `xl/sharedStrings.xml`. */
  hasSharedStrings: boolean
  /** The error that ended the stream early, such as the file vanishing; the stream then just ends. */
  readError: () => Error | undefined
}

/** Entries a sheet's cells depend on, in the order a streaming reader needs them. */
const SHEET_DEPENDENCIES = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml']

/**
 * Streams a zip archive that contains the sheet `sheetName` and only the entries its cells
 * depend on, those first. A workbook lists its entries in any order. A streaming reader that
 * meets a sheet before the shared strings must set the sheet aside until they arrive, so this
 * order spares it that, and other sheets are not read at all. Each entry is
 * copied byte for byte from the file, local header and data descriptor included. The stream
 * carries no central directory, because a streaming reader does not use one.
 */
export async function openSheetArchive(file: string, sheetName: string): Promise<SheetArchive> {
  const { entries, directoryOffset } = await readZipDirectory(file)
  const sheets = await listSheetParts(file, entries)
  const sheet = sheets.find((candidate) => candidate.name === sheetName)
  if (!sheet) {
    throw sheetNotFound(sheetName, sheets)
  }

  const byOffset = [...entries].sort((left, right) => left.localHeaderOffset - right.localHeaderOffset)
  const endOf = (entry: ZipEntry): number => byOffset.find((other) => other.localHeaderOffset > entry.localHeaderOffset)?.localHeaderOffset ?? directoryOffset
  const included = [...SHEET_DEPENDENCIES.map((name) => findEntry(entries, name)), sheet.entry].filter((entry): entry is ZipEntry => entry !== undefined)

  // A read error ends the stream instead of failing it, because the zip parser reading this
  // stream does not receive its source's errors and would wait for more bytes.
  let readError: Error | undefined
  async function* copyEntries(): AsyncGenerator<Buffer> {
    try {
      for (const entry of included) {
        const end = endOf(entry)
        if (end > entry.localHeaderOffset) yield* createReadStream(file, { start: entry.localHeaderOffset, end: end - 1 })
      }
    } catch (error) {
      readError = error as Error
    }
  }
  return {
    stream: Readable.from(copyEntries(), { objectMode: false }),
    hasSharedStrings: findEntry(entries, 'xl/sharedStrings.xml') !== undefined,
    readError: () => readError,
  }
}
