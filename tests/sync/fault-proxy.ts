import net from 'node:net'

/** What the proxy does with new connections and the requests on them. */
export interface FaultSettings {
  /** Refuse traffic: new connections are closed at once and open ones are cut. */
  down: boolean
  /** Delay, in ms, added to every chunk in both directions. */
  delayMs: number
  /** Requests with a larger body get a 413 from the proxy instead of reaching the server. */
  maxBodyBytes?: number
  /** Number of `_bulk_docs` requests still to cut halfway through their body. */
  cutBulkDocs: number
}

/** Counts of what the proxy did, for tests to check that a fault really happened. */
export interface FaultCounts {
  connections: number
  dropped: number
  rejected413: number
  cut: number
  bulkDocs: number
}

const HEAD_END = Buffer.from('\r\n\r\n')

/** Views a Buffer as a plain Uint8Array, the type socket writes are declared with. */
function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

interface ParsedHead {
  head: Buffer
  requestLine: string
  contentLength: number
}

function parseHead(buffer: Buffer): ParsedHead | undefined {
  const end = buffer.indexOf(HEAD_END)
  if (end < 0) return undefined
  const head = buffer.subarray(0, end + HEAD_END.length)
  const lines = head.toString('latin1').split('\r\n')
  const lengthLine = lines.find((line) => /^content-length:/i.test(line))
  const contentLength = lengthLine ? Number.parseInt(lengthLine.split(':')[1]!.trim(), 10) : 0
  return { head, requestLine: lines[0] ?? '', contentLength }
}

/**
 * A TCP proxy on 127.0.0.1 between an edge and the cloud that can drop, delay or cut traffic.
 * Client-to-server bytes are read as HTTP/1.1 requests with a Content-Length (what the edge's
 * replicator sends), so single requests can be refused with 413 or cut mid-body.
 */
export class FaultProxy {
  readonly settings: FaultSettings = { down: false, delayMs: 0, cutBulkDocs: 0 }
  readonly counts: FaultCounts = { connections: 0, dropped: 0, rejected413: 0, cut: 0, bulkDocs: 0 }
  private readonly server: net.Server
  private readonly sockets = new Set<net.Socket>()
  port = 0

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = net.createServer((client) => this.accept(client))
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
  }

  /** Stops forwarding and cuts every open connection. */
  goDown(): void {
    this.settings.down = true
    for (const socket of this.sockets) socket.destroy()
  }

  goUp(): void {
    this.settings.down = false
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }

  private accept(client: net.Socket): void {
    this.track(client)
    this.counts.connections += 1
    if (this.settings.down) {
      this.counts.dropped += 1
      client.destroy()
      return
    }

    const upstream = net.connect(this.targetPort, this.targetHost)
    this.track(upstream)
    const closeBoth = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('close', closeBoth)
    upstream.on('close', closeBoth)

    upstream.on('data', (chunk: Buffer) => this.later(() => client.write(bytes(chunk))))
    let pending: Buffer = Buffer.alloc(0)
    let bodyLeft = 0
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([bytes(pending), bytes(chunk)])
      while (pending.length > 0) {
        if (bodyLeft > 0) {
          const part = pending.subarray(0, bodyLeft)
          pending = pending.subarray(part.length)
          bodyLeft -= part.length
          this.forward(upstream, part)
          continue
        }
        const parsed = parseHead(pending)
        if (!parsed) return
        const isBulkDocs = parsed.requestLine.includes('/_bulk_docs')
        if (isBulkDocs) this.counts.bulkDocs += 1

        if (this.settings.maxBodyBytes !== undefined && parsed.contentLength > this.settings.maxBodyBytes) {
          this.counts.rejected413 += 1
          const body = '{"error":"payload_too_large","reason":"the body is larger than the test limit"}'
          client.end(`HTTP/1.1 413 Payload Too Large\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`)
          upstream.destroy()
          return
        }
        if (isBulkDocs && this.settings.cutBulkDocs > 0 && parsed.contentLength > 1) {
          this.settings.cutBulkDocs -= 1
          this.counts.cut += 1
          const half = pending.subarray(0, parsed.head.length + Math.floor(parsed.contentLength / 2))
          upstream.write(bytes(half), () => setTimeout(closeBoth, 50))
          pending = Buffer.alloc(0)
          return
        }

        pending = pending.subarray(parsed.head.length)
        bodyLeft = parsed.contentLength
        this.forward(upstream, parsed.head)
      }
    })
  }

  private forward(upstream: net.Socket, data: Buffer): void {
    const copy = Uint8Array.from(bytes(data))
    this.later(() => upstream.write(copy))
  }

  private later(action: () => void): void {
    if (this.settings.delayMs > 0) setTimeout(action, this.settings.delayMs)
    else action()
  }
}

/** Starts a proxy on a free loopback port in front of `targetUrl`. */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl)
  const proxy = new FaultProxy(target.hostname, Number(target.port))
  await proxy.listen()
  return proxy
}
