import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import type { TextEncoding } from './decode-text'
import { describeFile, openTable, type FileInfo, type ReadChoice } from './import-file'
import { FIXTURES } from './testing/import-client'

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-import-file-'))
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }))

let counter = 0
function writeTemp(bytes: Buffer | string, extension = 'csv'): string {
  const file = path.join(folder, `file-${++counter}.${extension}`)
  fs.writeFileSync(file, typeof bytes === 'string' ? bytes : new Uint8Array(bytes))
  return file
}

async function readAll(file: string, info: FileInfo, choice: ReadChoice = { headerRow: 1 }) {
  const table = await openTable(file, info, choice)
  const rows: string[][] = []
  for await (const row of table.rows) rows.push(row.cells)
  return { headers: table.headers, rows }
}

async function expectFileError(file: string, code: string): Promise<void> {
  await expect(describeFile(file)).rejects.toMatchObject({ status: 422, code })
}

const latin = fs.readFileSync(path.join(FIXTURES, 'contacts-latin.csv'), 'utf8')
const chinese = fs.readFileSync(path.join(FIXTURES, 'contacts-chinese.csv'), 'utf8')

describe('encodings', () => {
  const cases: { name: string; bytes: Buffer; expected: TextEncoding; text: string }[] = [
    { name: 'UTF-8', bytes: Buffer.from(latin, 'utf8'), expected: 'utf-8', text: latin },
    { name: 'UTF-8 with BOM', bytes: Buffer.from('\ufeff' + latin, 'utf8'), expected: 'utf-8', text: latin },
    { name: 'UTF-16 LE with BOM', bytes: iconv.encode(latin, 'utf-16le', { addBOM: true }), expected: 'utf-16le', text: latin },
    { name: 'UTF-16 BE with BOM', bytes: iconv.encode(latin, 'utf-16be', { addBOM: true }), expected: 'utf-16be', text: latin },
    { name: 'UTF-16 LE without BOM', bytes: iconv.encode(latin, 'utf-16le'), expected: 'utf-16le', text: latin },
    { name: 'UTF-16 BE without BOM', bytes: iconv.encode(latin, 'utf-16be'), expected: 'utf-16be', text: latin },
    { name: 'Chinese UTF-16 LE without BOM', bytes: iconv.encode(chinese, 'utf-16le'), expected: 'utf-16le', text: chinese },
    { name: 'Windows-1252', bytes: iconv.encode(latin, 'windows-1252'), expected: 'windows-1252', text: latin },
    { name: 'GB18030', bytes: iconv.encode(chinese, 'gb18030'), expected: 'gb18030', text: chinese },
    { name: 'GBK subset', bytes: iconv.encode(chinese, 'gbk'), expected: 'gb18030', text: chinese },
  ]

  it.each(cases)('detects and decodes $name', async ({ bytes, expected, text }) => {
    const file = writeTemp(bytes)

    const info = await describeFile(file)
    const { headers, rows } = await readAll(file, info)

    expect(info.encoding).toBe(expected)
    const [headerLine = '', ...lines] = text.trim().split('\n')
    expect(headers).toEqual(headerLine.split(','))
    expect(rows).toHaveLength(lines.length)
    expect(rows.flat().join('|')).not.toContain('\ufffd')
  })

  it('keeps accents and dashes of Windows-1252', async () => {
    const file = writeTemp(iconv.encode(latin, 'windows-1252'))

    const { rows } = await readAll(file, await describeFile(file))

    expect(rows[0]?.[3]).toBe('Lake Jéffborough')
    expect(rows[2]?.[3]).toBe('East Jordan – Nord')
  })

  it('reports GB18030 bytes read as UTF-8', async () => {
    const file = writeTemp(iconv.encode(chinese, 'gb18030'))

    await expect(describeFile(file, 'utf-8')).rejects.toMatchObject({ code: 'invalid_encoding' })
  })

  it('reports UTF-8 read as Windows-1252', async () => {
    const file = writeTemp(Buffer.from(latin, 'utf8'))

    await expect(describeFile(file, 'windows-1252')).rejects.toMatchObject({ code: 'invalid_encoding' })
  })

  it('fails mid-file on invalid UTF-8', async () => {
    const good = 'Email\n' + 'someone@example.com\n'.repeat(5000)
    const file = writeTemp(Buffer.from(good + '\u0000', 'latin1').fill(0xff, good.length))
    const info = await describeFile(file)

    await expect(readAll(file, info)).rejects.toMatchObject({ code: 'invalid_encoding' })
  })
})

describe('workbooks', () => {
  async function writeWorkbook(): Promise<string> {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('Notes').addRow(['nothing to import'])
    const sheet = workbook.addWorksheet('Contacts')
    sheet.addRow(['Exported from the old CRM'])
    sheet.addRow([])
    sheet.addRow(['Customer Id', 'Name', 'Website', 'Score', 'Subscribed', 'Email'])
    sheet.addRow([
      '007',
      { richText: [{ text: 'Heather ', font: { bold: true } }, { text: 'Callahan' }] },
      { text: 'escobar.org', hyperlink: 'http://www.escobar.org/' },
      { formula: '2*21', result: 42 },
      new Date(Date.UTC(2020, 7, 26)),
      'urangel@espinoza-francis.net',
    ])
    const file = path.join(folder, `book-${++counter}.xlsx`)
    await workbook.xlsx.writeFile(file)
    return file
  }

  it('lists sheets', async () => {
    const info = await describeFile(await writeWorkbook())

    expect(info.format).toBe('xlsx')
    expect(info.sheets?.map((sheet) => sheet.name)).toEqual(['Notes', 'Contacts'])
  })

  it('reads plain values from a chosen sheet and header row', async () => {
    const file = await writeWorkbook()

    const { headers, rows } = await readAll(file, await describeFile(file), { headerRow: 3, sheet: 'Contacts' })

    expect(headers).toEqual(['Customer Id', 'Name', 'Website', 'Score', 'Subscribed', 'Email'])
    expect(rows).toEqual([['007', 'Heather Callahan', 'escobar.org', '42', '2020-08-26', 'urangel@espinoza-francis.net']])
  })

  it('rejects a missing sheet', async () => {
    const file = await writeWorkbook()

    await expect(readAll(file, await describeFile(file), { headerRow: 1, sheet: 'Deals' })).rejects.toMatchObject({ code: 'sheet_not_found' })
  })

  it('reads the sample workbook sheets', async () => {
    const file = path.join(FIXTURES, '../../../../../shared/data/crm-sales/data_model.xlsx')

    const { headers, rows } = await readAll(file, await describeFile(file), { headerRow: 1, sheet: 'accounts' })

    expect(headers[0]).toBe('account')
    expect(rows).toHaveLength(85)
  })

  // Six of the sample's sheets come before its shared strings in the zip file.
  it('reads the first rows of each sample sheet and leaves no temporary file', async () => {
    const file = path.join(FIXTURES, '../../../../../shared/data/crm-sales/data_model.xlsx')
    const info = await describeFile(file)

    const firstCells: string[] = []
    for (const sheet of info.sheets ?? []) {
      const table = await openTable(file, info, { headerRow: 1, sheet: sheet.name })
      const rows = table.rows[Symbol.asyncIterator]()
      firstCells.push((await rows.next()).value?.cells[0] ?? '')
      await rows.return?.(undefined)
    }

    expect(info.sheets?.length).toBeGreaterThan(2)
    expect(firstCells.every((cell) => cell !== '')).toBe(true)
    expect(temporaryFilesOfThisProcess()).toEqual([])
  })

  it('reads a workbook that keeps its strings inline', async () => {
    const sheetXml = [
      '<worksheet><sheetData>',
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c><c r="B1" t="inlineStr"><is><t>Score</t></is></c></row>',
      '<row r="2"><c r="A2" t="inlineStr"><is><t>ann@example.com</t></is></c><c r="B2"><v>7</v></c></row>',
      '<row r="3"><c r="A3" t="inlineStr"><is><t>bob@example.com</t></is></c><c r="B3"><v>9</v></c></row>',
      '</sheetData></worksheet>',
    ].join('')
    const file = writeTemp(zipArchive([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml) }, ...workbookParts()]), 'xlsx')
    const info = await describeFile(file)

    const { headers, rows } = await readAll(file, info)
    const table = await openTable(file, info, { headerRow: 1 })
    const preview = table.rows[Symbol.asyncIterator]()
    await preview.next()
    await preview.return?.(undefined)

    expect(headers).toEqual(['Email', 'Score'])
    expect(rows).toEqual([
      ['ann@example.com', '7'],
      ['bob@example.com', '9'],
    ])
    expect(temporaryFilesOfThisProcess()).toEqual([])
  })
})

describe('bad files', () => {
  it('rejects an empty file', async () => {
    await expectFileError(writeTemp(''), 'empty_file')
  })

  it('rejects binary data', async () => {
    const bytes = Buffer.from(new Uint8Array(4096).map((_, index) => (index * 7919) % 256))
    await expectFileError(writeTemp(bytes), 'binary_file')
  })

  it('rejects an old xls workbook', async () => {
    await expectFileError(writeTemp(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), 'unsupported_file')
  })

  it('rejects a damaged zip', async () => {
    await expectFileError(writeTemp(Buffer.from('PK\u0003\u0004 this is not really a workbook'), 'xlsx'), 'invalid_xlsx')
  })

  it('rejects a zip that is not a workbook', async () => {
    await expectFileError(writeTemp(zipArchive([{ name: 'readme.txt', data: Buffer.from('hello') }]), 'xlsx'), 'invalid_xlsx')
  })

  it('rejects a zip bomb by ratio', async () => {
    const entries = [...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(50 * 1024 ** 2) }]
    await expectFileError(writeTemp(zipArchive(entries), 'xlsx'), 'zip_bomb')
  })

  it('rejects a zip bomb that lies about sizes', async () => {
    const entries = [...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(5 * 1024 ** 2), declaredSize: 1000 }]
    await expectFileError(writeTemp(zipArchive(entries), 'xlsx'), 'zip_bomb')
  })

  it('reads prototype names as plain headers', async () => {
    const file = path.join(FIXTURES, 'prototype-headers.csv')

    const { headers } = await readAll(file, await describeFile(file))

    expect(headers).toEqual(['__proto__', 'constructor', 'Email'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reads a large file only as fast as rows are taken', async () => {
    const row = 'Ada,Lovelace,ada@example.com,+44 20 7946 0000,London\n'
    const file = writeTemp(`First,Last,Email,Phone,City\n${row.repeat(400_000)}`)
    const size = fs.statSync(file).size
    let bytes = 0
    const table = await openTable(file, await describeFile(file), { headerRow: 1 }, (read) => (bytes = read))
    const rows = table.rows[Symbol.asyncIterator]()
    for (let taken = 0; taken < 10; taken++) await rows.next()

    // Give the reader every chance to run ahead: wait until the count of bytes read stops moving.
    let settled = -1
    while (settled !== bytes) {
      settled = bytes
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(size).toBeGreaterThan(20_000_000)
    expect(bytes).toBeLessThan(size / 4)
    await rows.return?.(undefined)
  })

  it('names the lines a stray quote took in', async () => {
    const file = writeTemp(
      'First,Last,Email\nAnn,"Lee,ann@example.com\nBob,Ray,bob@example.com\nCid,Mo"e,cid@example.com\nDee,Fox,dee@example.com\n',
    )
    const table = await openTable(file, await describeFile(file), { headerRow: 1 })
    const rows = []
    for await (const row of table.rows) rows.push(row)

    // The quote in "Mo"e" does not close the field, so it runs to the end of the file.
    expect(rows.map((row) => row.row)).toEqual([2])
    expect(rows[0]?.parseErrors[0]).toContain('stray quote')
    expect(rows[0]?.parseErrors[0]).toContain('3 lines after it (lines 3 to 5 of the file) were read into that field and not imported')
  })

  it('reports a stray quote in its row', async () => {
    const file = path.join(FIXTURES, 'stray-quote.csv')
    const table = await openTable(file, await describeFile(file), { headerRow: 1 })
    const rows = []
    for await (const row of table.rows) rows.push(row)

    expect(rows[0]?.parseErrors).toEqual([])
    expect(rows[1]?.parseErrors[0]).toContain('stray quote')
  })
})

/** Files the `tmp` package made for this process, which names them `tmp-<pid>-<random>`. */
function temporaryFilesOfThisProcess(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`))
}

interface ZipInput {
  name: string
  data: Buffer
  declaredSize?: number
}

function workbookParts(): ZipInput[] {
  return [
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>') },
  ]
}

/** Writes a minimal zip archive (deflate, CRC left at 0, which the checks under test never read). */
function zipArchive(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const compressed = zlib.deflateRawSync(new Uint8Array(entry.data))
    const name = Buffer.from(entry.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(entry.declaredSize ?? entry.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(compressed.length, 20)
    central.writeUInt32LE(entry.declaredSize ?? entry.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, compressed)
    centrals.push(central, name)
    offset += local.length + name.length + compressed.length
  }
  const directory = Buffer.concat(centrals as unknown as Uint8Array[])
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end] as unknown as Uint8Array[])
}
