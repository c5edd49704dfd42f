import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { REDACTED_LOG_PATHS } from '../log'

function captureLine(object: object): string {
  let line = ''
  const stream = new Writable({
    write(chunk, _encoding, done) {
      line += String(chunk)
      done()
    },
  })
  pino({ redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }, stream).info(object, 'event')
  return line
}

describe('log redaction', () => {
  const secrets: Record<string, object> = {
    password: { password: 'hunter2-secret' },
    'nested password': { user: { newPassword: 'hunter2-secret' } },
    'password hash': { user: { passwordHash: 'scrypt$hunter2-secret' } },
    'CSRF token': { session: { csrfToken: 'hunter2-secret' } },
    'enrolment code': { site: { enrolmentCode: 'hunter2-secret' } },
    'setup token': { setupToken: 'hunter2-secret' },
    cookie: { req: { headers: { cookie: 'enclave_session=hunter2-secret' } } },
    authorization: { headers: { authorization: 'Bearer hunter2-secret' } },
    email: { contact: { email: 'hunter2-secret@example.com' } },
    name: { contact: { firstName: 'hunter2-secret' } },
  }

  for (const [name, object] of Object.entries(secrets)) {
    it(`hides ${name}`, () => {
      const line = captureLine(object)
      expect(line).not.toContain('hunter2-secret')
      expect(line).toContain('[redacted]')
    })
  }

  it('keeps ids and counts', () => {
    const line = captureLine({ siteId: 'site-1', count: 3 })
    expect(line).toContain('site-1')
  })
})
