import pino from 'pino'

/**
 * Structured logger: one JSON line per event. Paths that could carry personal data or secrets
 * are redacted at the logger, so a careless call site cannot leak them.
 */
export const REDACTED_LOG_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'cookie',
  'key',
  '*.key',
  'privateKey',
  '*.privateKey',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'doc',
  '*.doc',
  'body',
  '*.body',
  'passwordHash',
  '*.passwordHash',
  'currentPassword',
  '*.currentPassword',
  'newPassword',
  '*.newPassword',
  'csrfToken',
  '*.csrfToken',
  'setupToken',
  '*.setupToken',
  'enrolmentCode',
  '*.enrolmentCode',
  'proof',
  '*.proof',
  'secret',
  '*.secret',
  'req.headers["x-csrf-token"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'firstName',
  '*.firstName',
  'lastName',
  '*.lastName',
  'nationalId',
  '*.nationalId',
  'birthDate',
  '*.birthDate',
]

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): pino.Logger {
  return pino({ name, level, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } })
}

export type Logger = pino.Logger
