import { Transform, type TransformCallback } from 'node:stream'
import iconv from 'iconv-lite'
import { fileError } from './import-error'

/** Text encodings an import file may use; `detectEncoding` picks one from the first bytes. */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'windows-1252'] as const
export type TextEncoding = (typeof TEXT_ENCODINGS)[number]

export function isTextEncoding(value: unknown): value is TextEncoding {
  return typeof value === 'string' && (TEXT_ENCODINGS as readonly string[]).includes(value)
}

/** Encoding found from a file's first bytes. */
export interface EncodingDetection {
  encoding: TextEncoding
  /** Length of the byte order mark to skip. */
  bomLength: number
}

const REPLACEMENT = '\ufffd'
// Characters that a decoder only produces from UTF-8 bytes read as Windows-1252 (mojibake).
const UTF8_AS_1252 = /[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]|â€/
const HAN = /[\u3400-\u9fff]/g
// A Han character squeezed between Latin letters is a Windows-1252 pair read as GB18030.
const HAN_BETWEEN_LATIN = /[A-Za-z][\u3400-\u9fff][A-Za-z]/g

function bomOf(sample: Buffer): EncodingDetection | undefined {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 }
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 }
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 }
  return undefined
}

/** Share of zero bytes in one position of each byte pair that marks UTF-16 text. */
const UTF16_ZERO_SHARE = 0.3
/** Share of zero bytes in the other position above which the sample is binary data instead. */
const UTF16_OTHER_ZERO_SHARE = 0.05

/**
 * Recognises UTF-16 without a byte order mark. Characters below U+0100, such as the commas,
 * digits and line breaks of any CSV file, have a zero high byte: the second byte of each pair
 * in little-endian text and the first in big-endian text. No other supported encoding has zero
 * bytes in text.
 */
function utf16WithoutBom(sample: Buffer): TextEncoding | undefined {
  const pairs = Math.floor(sample.length / 2)
  if (pairs < 8) return undefined
  let zeroFirst = 0
  let zeroSecond = 0
  for (let pair = 0; pair < pairs; pair++) {
    if (sample[2 * pair] === 0) zeroFirst++
    if (sample[2 * pair + 1] === 0) zeroSecond++
  }
  if (zeroSecond / pairs >= UTF16_ZERO_SHARE && zeroFirst / pairs < UTF16_OTHER_ZERO_SHARE) return 'utf-16le'
  if (zeroFirst / pairs >= UTF16_ZERO_SHARE && zeroSecond / pairs < UTF16_OTHER_ZERO_SHARE) return 'utf-16be'
  return undefined
}

function isUtf8(sample: Buffer): boolean {
  try {
    // `stream: true` lets a character cut at the end of the sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true })
    return true
  } catch {
    return false
  }
}

function looksLikeChinese(sample: Buffer): boolean {
  const text = iconv.decode(sample, 'gb18030')
  if (text.slice(0, -1).includes(REPLACEMENT)) return false
  const han = text.match(HAN)?.length ?? 0
  const squeezed = text.match(HAN_BETWEEN_LATIN)?.length ?? 0
  return han > 0 && squeezed / han < 0.2
}

/**
 * Detects the encoding of a text file from its first bytes: a byte order mark, else UTF-16 by
 * its zero bytes, else strict UTF-8, else GB18030 when the bytes read as Chinese text, else
 * Windows-1252.
 *
 * @example detectEncoding(Buffer.from('\ufeffname\n')).encoding // 'utf-8'
 */
export function detectEncoding(sample: Buffer): EncodingDetection {
  const bom = bomOf(sample)
  if (bom) return bom
  const utf16 = utf16WithoutBom(sample)
  if (utf16) return { encoding: utf16, bomLength: 0 }
  if (isUtf8(sample)) return { encoding: 'utf-8', bomLength: 0 }
  return { encoding: looksLikeChinese(sample) ? 'gb18030' : 'windows-1252', bomLength: 0 }
}

/** Returns the byte order mark length of `sample` when it matches `encoding`, else 0. */
export function bomLengthFor(sample: Buffer, encoding: TextEncoding): number {
  const bom = bomOf(sample)
  return bom?.encoding === encoding ? bom.bomLength : 0
}

function mojibakeError(encoding: TextEncoding, position: number, reason: string): Error {
  return fileError(
    'invalid_encoding',
    `the file does not read as ${encoding} near character ${position} (${reason}); choose the file's encoding (utf-8, utf-16le, utf-16be, gb18030 or windows-1252) or save it as UTF-8`,
    { encoding, position },
  ).withParams({ encoding, position })
}

/**
 * Checks decoded text for signs of a wrong encoding and throws `invalid_encoding` when found:
 * replacement characters, or UTF-8 read as Windows-1252.
 */
export function checkDecodedText(text: string, encoding: TextEncoding, offset = 0): void {
  const replacement = text.indexOf(REPLACEMENT)
  if (replacement >= 0 && encoding !== 'utf-8') throw mojibakeError(encoding, offset + replacement, 'bytes that are not valid characters')
  if (encoding === 'windows-1252') {
    const match = UTF8_AS_1252.exec(text)
    if (match) throw mojibakeError(encoding, offset + match.index, 'UTF-8 bytes read as Windows-1252')
  }
}

/**
 * Decodes a byte stream to text in `encoding`, skipping `bomLength` bytes, and fails the
 * stream with `invalid_encoding` at the first sign of a wrong encoding, so mojibake is never
 * imported.
 */
export function createDecoder(encoding: TextEncoding, bomLength: number): Transform {
  let skip = bomLength
  let decoded = 0
  const strictUtf8 = encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true }) : undefined
  const decoder = strictUtf8 ? undefined : iconv.getDecoder(encoding)

  const decode = (chunk: Buffer, done: boolean): string => {
    try {
      return strictUtf8 ? strictUtf8.decode(chunk, { stream: !done }) : done ? (decoder!.end() ?? '') : decoder!.write(chunk)
    } catch {
      throw mojibakeError(encoding, decoded, 'bytes that are not valid UTF-8')
    }
  }
  const emit = (stream: Transform, text: string) => {
    checkDecodedText(text, encoding, decoded)
    decoded += text.length
    if (text) stream.push(text)
  }

  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        let bytes = chunk
        if (skip > 0) {
          bytes = chunk.subarray(Math.min(skip, chunk.length))
          skip -= chunk.length - bytes.length
        }
        emit(this, decode(bytes, false))
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
    flush(callback: TransformCallback) {
      try {
        emit(this, decode(Buffer.alloc(0), true))
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
  })
}
