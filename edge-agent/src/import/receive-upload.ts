import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ApiError } from '@enclave/shared'

/** A file received into the data folder. */
export interface ReceivedFile {
  size: number
  sha256: string
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'file_too_large', `the file is larger than the import limit of ${maxBytes} bytes; split it into smaller files`).withParams({ max: maxBytes })
}

/**
 * Streams an upload body to `target`, hashing it on the way, without holding it in memory.
 * Stops and deletes the partial file as soon as more than `maxBytes` arrive.
 */
export async function receiveUpload(body: ReadableStream<Uint8Array>, target: string, maxBytes: number): Promise<ReceivedFile> {
  const hash = createHash('sha256')
  let size = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length
      if (size > maxBytes) return callback(tooLarge(maxBytes))
      hash.update(chunk as unknown as Uint8Array)
      callback(null, chunk)
    },
  })

  const output = createWriteStream(target, { mode: 0o600 })
  try {
    await pipeline(Readable.fromWeb(body as never), meter, output)
  } catch (error) {
    // A limit hit in the first chunks fails the pipeline while the file is still being opened,
    // and the opening would create the file again after its removal.
    if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()))
    await fs.rm(target, { force: true })
    if (error instanceof ApiError) throw error
    throw new ApiError(400, 'upload_failed', `the upload was interrupted (${(error as Error).message}); send the file again`).withParams({
      detail: (error as Error).message,
    })
  }
  return { size, sha256: hash.digest('hex') }
}
