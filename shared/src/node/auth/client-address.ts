import { BlockList, isIP } from 'node:net'
import type { Context, MiddlewareHandler } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import { ConfigError } from '../../config'

/** Client addresses resolved by `forwardedClientAddress`, per request. */
const resolvedAddresses = new WeakMap<Request, string>()

/**
 * Returns the client's address. That is the one `forwardedClientAddress` read from
 * X-Forwarded-For when a trusted proxy sent the request, else the address of the peer that
 * opened the connection. It is `unknown` when the request did not come over a socket (as with
 * `app.request()` in tests).
 */
export function clientAddress(c: Context): string {
  return resolvedAddresses.get(c.req.raw) ?? peerAddress(c)
}

function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * Reads a list of trusted proxies, separated by commas or spaces: IP addresses and CIDR ranges
 * such as `127.0.0.1, 10.0.0.0/8, ::1`. An unset or empty variable trusts no proxy.
 *
 * @throws ConfigError naming the variable and the first invalid entry.
 */
export function parseTrustedProxies(variable: string, raw: string | undefined): string[] {
  const entries = (raw ?? '').split(/[\s,]+/).filter((entry) => entry !== '')
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      throw new ConfigError(
        variable,
        `contains '${entry}', which is not an IP address or CIDR range; list addresses and ranges separated by commas, such as 127.0.0.1,10.0.0.0/8,::1`,
      )
    }
  }
  return entries
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/')
  const family = isIP(address!)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true

  const bits = Number(prefix)
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128)
}

/** Returns the address with an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) written as IPv4. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mapped ? mapped[1]! : address
}

function buildTrustList(trustedProxies: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of trustedProxies) {
    const [address, prefix] = entry.split('/')
    const normalized = normalizeAddress(address!)
    const type = isIP(normalized) === 4 ? 'ipv4' : 'ipv6'
    if (prefix === undefined) list.addAddress(normalized, type)
    else list.addSubnet(normalized, Number(prefix), type)
  }
  return list
}

/**
 * Returns the client address of a request from `peer`: when the peer is a trusted proxy, the
 * right-most X-Forwarded-For entry that is not a trusted proxy, else the peer. Entries left of
 * that one are ignored because the client can write anything there. When every entry is
 * trusted, the left-most is returned. An entry that is not an IP address ends the walk at the
 * last trusted hop, so a garbled header never names a made-up client.
 */
export function resolveClientAddress(peer: string, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  return resolveWith(buildTrustList(trustedProxies), peer, forwardedFor)
}

function resolveWith(trusted: BlockList, peer: string, forwardedFor: string | undefined): string {
  const isTrusted = (address: string) => {
    const family = isIP(address)
    return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6')
  }

  let client = normalizeAddress(peer)
  if (!isTrusted(client) || forwardedFor === undefined) return client

  const hops = forwardedFor.split(',').map((hop) => normalizeAddress(hop.trim().replace(/^\[(.*)\]$/, '$1')))
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!
    if (isIP(hop) === 0) return client
    client = hop
    if (!isTrusted(hop)) return client
  }
  return client
}

/**
 * Middleware that makes `clientAddress` return the client behind the trusted proxies instead
 * of the proxy itself. With an empty list it leaves X-Forwarded-For unread, because any client
 * can set the header.
 */
export function forwardedClientAddress(trustedProxies: readonly string[]): MiddlewareHandler {
  const trusted = buildTrustList(trustedProxies)
  return async (c, next) => {
    if (trustedProxies.length > 0) {
      resolvedAddresses.set(c.req.raw, resolveWith(trusted, peerAddress(c), c.req.header('x-forwarded-for')))
    }
    await next()
  }
}
