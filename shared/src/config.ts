/** Raised at start when the environment is invalid; the message names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`invalid configuration: ${variable} ${problem}`)
    this.name = 'ConfigError'
  }
}

export function parsePort(variable: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(variable, `is '${raw}'; set it to a port number from 0 to 65535`)
  }
  return port
}

export function parseHttpUrl(variable: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined
  try {
    const url = new URL(raw)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme')
    return url.href.replace(/\/$/, '')
  } catch {
    throw new ConfigError(variable, `is not an http(s) URL; set it like https://crm.example.com`)
  }
}
