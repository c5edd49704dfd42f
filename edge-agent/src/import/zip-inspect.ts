import fs from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import zlib from 'node:zlib'
import { fileError } from './import-error'

/** One file inside a zip archive, from the archive's central directory. */
export interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

/**
 * Largest total size a workbook may expand to. A 1,000,000-row contact sheet expands to about
 * 400 MB of XML (an estimate from the sample's row width), so 2 GiB leaves room and still stops
 * zip bombs.
 */
export const MAX_EXPANDED_BYTES = 2 * 1024 ** 3
/** Largest compression ratio accepted for an entry over 1 MiB; spreadsheet XML compresses about 10 to 30 times. */
export const MAX_COMPRESSION_RATIO = 200

const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50
const LOCAL_FILE_HEADER = 0x04034b50
const ZIP64_MARKER = 0xffffffff
// The end record is 22 bytes plus a comment of at most 65,535 bytes.
const END_SEARCH_BYTES = 22 + 0xffff

function notWorkbook(reason: string): Error {
  return fileError('invalid_xlsx', `the file is not a valid .xlsx workbook (${reason}); open it in a spreadsheet program and save it as .xlsx or CSV`).withParams({
    reason: 'damaged',
    detail: reason,
  })
}

/** Reads up to `length` bytes at `position`; fewer at the end of the file. */
export async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const bytes = new Uint8Array(length)
  const { bytesRead } = await handle.read(bytes, 0, length, position)
  return Buffer.from(bytes.buffer, 0, bytesRead)
}

/** The central directory of a zip archive: its entries, and where the directory starts, which is where the last entry ends. */
export interface ZipDirectory {
  entries: ZipEntry[]
  directoryOffset: number
}

/** Reads the central directory of the zip archive at `file`; throws `invalid_xlsx` when there is none. */
export async function readZipEntries(file: string): Promise<ZipEntry[]> {
  return (await readZipDirectory(file)).entries
}

/** Reads the central directory of the zip archive at `file` and where it starts. */
export async function readZipDirectory(file: string): Promise<ZipDirectory> {
  const handle = await fs.open(file, 'r')
  try {
    const { size } = await handle.stat()
    const tailStart = Math.max(0, size - END_SEARCH_BYTES)
    const tail = await readAt(handle, tailStart, size - tailStart)
    let end = -1
    for (let index = tail.length - 22; index >= 0; index--) {
      if (tail.readUInt32LE(index) === END_OF_CENTRAL_DIRECTORY) {
        end = index
        break
      }
    }
    if (end < 0) throw notWorkbook('no zip directory found')

    const count = tail.readUInt16LE(end + 10)
    const directorySize = tail.readUInt32LE(end + 12)
    const directoryOffset = tail.readUInt32LE(end + 16)
    if (directorySize === ZIP64_MARKER || directoryOffset === ZIP64_MARKER || directoryOffset + directorySize > size) {
      throw notWorkbook('the zip directory is damaged or uses ZIP64')
    }
    return { entries: parseDirectory(await readAt(handle, directoryOffset, directorySize), count), directoryOffset }
  } finally {
    await handle.close()
  }
}

function parseDirectory(directory: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = []
  let offset = 0
  for (let index = 0; index < count; index++) {
    if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) {
      throw notWorkbook('the zip directory is damaged')
    }
    const nameLength = directory.readUInt16LE(offset + 28)
    const extraLength = directory.readUInt16LE(offset + 30)
    const commentLength = directory.readUInt16LE(offset + 32)
    const entry: ZipEntry = {
      method: directory.readUInt16LE(offset + 10),
      compressedSize: directory.readUInt32LE(offset + 20),
      uncompressedSize: directory.readUInt32LE(offset + 24),
      localHeaderOffset: directory.readUInt32LE(offset + 42),
      name: directory.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'),
    }
    if (entry.compressedSize === ZIP64_MARKER || entry.uncompressedSize === ZIP64_MARKER) throw notWorkbook('ZIP64 entries are not supported')
    entries.push(entry)
    offset += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/**
 * Rejects archives that would expand far beyond their size: a declared total over
 * `MAX_EXPANDED_BYTES` or an entry compressed more than `MAX_COMPRESSION_RATIO` times.
 * Declared sizes can lie, so `verifyEntrySizes` and `inflateEntry` also stop at the declared size.
 */
export function checkExpansion(entries: readonly ZipEntry[]): void {
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0)
  if (total > MAX_EXPANDED_BYTES) {
    throw fileError('zip_bomb', `the workbook expands to ${total} bytes, more than the limit of ${MAX_EXPANDED_BYTES}; split it into smaller files or export it as CSV`).withParams({
      reason: 'too_large',
      size: total,
      max: MAX_EXPANDED_BYTES,
    })
  }
  for (const entry of entries) {
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize)
    if (entry.uncompressedSize > 1024 ** 2 && ratio > MAX_COMPRESSION_RATIO) {
      throw fileError('zip_bomb', `the workbook entry '${entry.name.slice(0, 100)}' expands ${Math.round(ratio)} times, more than the limit of ${MAX_COMPRESSION_RATIO}; the file looks like a zip bomb`).withParams({
        reason: 'ratio',
        entry: entry.name.slice(0, 100),
        ratio: Math.round(ratio),
        max: MAX_COMPRESSION_RATIO,
      })
    }
  }
}

/**
 * Inflates one entry, failing when it produces more bytes than it declares, and returns its
 * bytes. Only for small entries such as `xl/workbook.xml`.
 */
export async function inflateEntry(file: string, entry: ZipEntry): Promise<Buffer> {
  const handle = await fs.open(file, 'r')
  try {
    const header = await readAt(handle, entry.localHeaderOffset, 30)
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw notWorkbook(`the entry '${entry.name}' is damaged`)
    const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
    const data = await readAt(handle, dataStart, entry.compressedSize)
    if (entry.method === 0) return data
    if (entry.method !== 8) throw notWorkbook(`the entry '${entry.name}' uses compression method ${entry.method}`)
    try {
      return zlib.inflateRawSync(new Uint8Array(data), { maxOutputLength: Math.max(entry.uncompressedSize, 1) })
    } catch {
      throw fileError('zip_bomb', `the workbook entry '${entry.name.slice(0, 100)}' expands beyond its declared size; the file is damaged or a zip bomb`).withParams({
        reason: 'beyond_declared',
        entry: entry.name.slice(0, 100),
      })
    }
  } finally {
    await handle.close()
  }
}

/**
 * Inflates every entry as a stream, counting bytes, and fails as soon as one produces more
 * than it declares. This catches zip bombs whose directory lies about sizes, before the
 * workbook parser expands them. Costs one decompression pass.
 */
export async function verifyEntrySizes(file: string, entries: readonly ZipEntry[]): Promise<void> {
  const handle = await fs.open(file, 'r')
  try {
    for (const entry of entries) {
      if (entry.method !== 8) continue
      const header = await readAt(handle, entry.localHeaderOffset, 30)
      if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw notWorkbook(`the entry '${entry.name.slice(0, 100)}' is damaged`)
      const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
      await countInflated(file, entry, dataStart)
    }
  } finally {
    await handle.close()
  }
}

function countInflated(file: string, entry: ZipEntry, dataStart: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (entry.compressedSize === 0) return resolve()
    const source = createReadStream(file, { start: dataStart, end: dataStart + entry.compressedSize - 1 })
    const inflate = zlib.createInflateRaw()
    let produced = 0
    const fail = (error: Error) => {
      source.destroy()
      inflate.destroy()
      reject(error)
    }
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length
      if (produced > entry.uncompressedSize) {
        fail(fileError('zip_bomb', `the workbook entry '${entry.name.slice(0, 100)}' expands beyond its declared ${entry.uncompressedSize} bytes; the file is damaged or a zip bomb`).withParams({
          reason: 'beyond_declared',
          entry: entry.name.slice(0, 100),
        }))
      }
    })
    inflate.on('end', () => resolve())
    inflate.on('error', () => fail(notWorkbook(`the entry '${entry.name.slice(0, 100)}' does not decompress`)))
    source.on('error', fail)
    source.pipe(inflate)
  })
}
