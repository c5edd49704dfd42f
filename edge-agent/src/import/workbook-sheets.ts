import { fileError } from './import-error'
import { checkExpansion, inflateEntry, readZipEntries, verifyEntrySizes, type ZipEntry } from './zip-inspect'

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

/**
 * Checks that `file` is a workbook that is safe to expand, and lists its worksheets. Throws
 * `invalid_xlsx` for a file that is not a workbook and `zip_bomb` for one that expands too far.
 */
export async function inspectWorkbook(file: string): Promise<SheetInfo[]> {
  const entries = await readZipEntries(file)
  checkExpansion(entries)
  const workbook = findEntry(entries, 'xl/workbook.xml')
  const relations = findEntry(entries, 'xl/_rels/workbook.xml.rels')
  if (!workbook || !relations) {
    throw fileError('invalid_xlsx', 'the file is a zip archive but not an .xlsx workbook (no xl/workbook.xml); save it as .xlsx or CSV').withParams({
      reason: 'no_workbook',
    })
  }
  await verifyEntrySizes(file, entries)

  const targets = new Map<string, string>()
  const relationsXml = (await inflateEntry(file, relations)).toString('utf8')
  for (const match of relationsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const attributes = attributesOf(match[0])
    targets.set(attributes.get('Id') ?? '', attributes.get('Target') ?? '')
  }

  const sheets: SheetInfo[] = []
  const workbookXml = (await inflateEntry(file, workbook)).toString('utf8')
  for (const match of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const attributes = attributesOf(match[0])
    const target = targets.get(attributes.get('r:id') ?? '') ?? ''
    if (/worksheets\/[^/]+\.xml$/.test(target)) sheets.push({ name: attributes.get('name') ?? `Sheet${sheets.length + 1}` })
  }
  if (sheets.length === 0) throw fileError('invalid_xlsx', 'the workbook has no worksheets; add a sheet with a header row').withParams({ reason: 'no_sheets' })
  return sheets
}
