import { createReadStream } from 'node:fs'
import { Transform } from 'node:stream'
import Papa from 'papaparse'
import { createDecoder, type TextEncoding } from './decode-text'
import { RowQueue } from './row-queue'

/** A raw row of a table: its number in the file (1 for the first row) and its cells as text. */
export interface RawRow {
  row: number
  cells: string[]
  /** Problems the parser found in the row, such as a quote that never closes. */
  parseErrors: string[]
}

export interface CsvReadOptions {
  encoding: TextEncoding
  bomLength: number
  /** Receives the number of bytes read so far, for progress. */
  onBytes?: (bytes: number) => void
}

const QUEUE_HIGH_WATER_MARK = 2000

function describeParseError(error: Papa.ParseError, cells: readonly string[], firstLine: number, linebreak: string): string {
  if (error.code === 'MissingQuotes') {
    return `a quoted field never closes; check for a stray quote (") in this row${describeAbsorbedLines(cells, firstLine, linebreak)}`
  }
  if (error.code === 'InvalidQuotes') {
    // A stray quote can open a field that a quote lines later closes, taking those lines with it.
    const absorbed = describeAbsorbedLines(cells, firstLine, linebreak)
    if (absorbed) return `a quoted field runs past the end of its line; check for a stray quote (") in this row${absorbed}`
    return 'a quote sits inside a field that does not start with one; double it ("") or quote the whole field'
  }
  return error.message
}

/**
 * Describes the lines after a row's first line that an unclosed quote read into its last
 * field. The parser reads such a field to the end of the file, so these lines are not rows.
 */
function describeAbsorbedLines(cells: readonly string[], firstLine: number, linebreak: string): string {
  // A line break that ends the file closes the last line and does not start another.
  const endsFile = (cells[cells.length - 1] ?? '').endsWith(linebreak)
  const count = countLineBreaks(cells, linebreak) - (endsFile ? 1 : 0)
  if (count === 0) return ''

  const first = firstLine + 1
  const last = firstLine + count
  const lines = count === 1 ? `1 line after it (line ${first} of the file) was` : `${count} lines after it (lines ${first} to ${last} of the file) were`
  return `; ${lines} read into that field and not imported`
}

function countLineBreaks(cells: readonly string[], linebreak: string): number {
  let count = 0
  for (const cell of cells) {
    for (let at = cell.indexOf(linebreak); at !== -1; at = cell.indexOf(linebreak, at + linebreak.length)) count++
  }
  return count
}

/**
 * Streams the rows of a CSV file through papaparse without loading the file into memory. The
 * delimiter (comma, semicolon, tab or pipe) is detected. Encoding errors end the iteration
 * with an `invalid_encoding` error.
 */
export function readCsvRows(path: string, options: CsvReadOptions): AsyncIterableIterator<RawRow> {
  let bytes = 0
  const source = createReadStream(path, { highWaterMark: 256 * 1024 })
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length
      options.onBytes?.(bytes)
      callback(null, chunk)
    },
  })
  const decoder = createDecoder(options.encoding, options.bomLength)
  const text = source.pipe(counter).pipe(decoder)

  let parser: Papa.Parser | undefined
  let row = 0
  // Line of the file where the next row starts (1 for the first), which differs from the row
  // number once a quoted field spans lines.
  let line = 1
  // Pausing the parser alone lets papaparse go on buffering the stream's chunks, which would
  // read the whole file into memory. Pausing the text stream too stops the reading.
  const queue = new RowQueue<RawRow>(
    QUEUE_HIGH_WATER_MARK,
    () => {
      parser?.pause()
      text.pause()
    },
    () => {
      text.resume()
      parser?.resume()
    },
  )
  const fail = (error: unknown) => {
    queue.end(error)
    source.destroy()
  }
  source.on('error', fail)
  decoder.on('error', fail)

  Papa.parse(text as unknown as File, {
    delimitersToGuess: [',', ';', '\t', '|'],
    skipEmptyLines: false,
    step: (results: Papa.ParseStepResult<string[]>, stepParser: Papa.Parser) => {
      parser = stepParser
      row++
      const cells = results.data
      const linebreak = results.meta.linebreak || '\n'
      const parseErrors = results.errors.map((error) => describeParseError(error, cells, line, linebreak))
      line += countLineBreaks(cells, linebreak) + 1
      queue.push({ row, cells, parseErrors })
    },
    complete: () => queue.end(),
    error: (error: Error) => fail(error),
  })

  const originalReturn = queue.return.bind(queue)
  queue.return = async () => {
    parser?.abort()
    source.destroy()
    return originalReturn()
  }
  return queue
}
