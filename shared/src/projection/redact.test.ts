import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '../policy/default-policy'
import { project } from './project'
import { personalValuesOf, REDACTED, redactContactDetails, redactText } from './redact'

const ANN = {
  firstName: 'Ann',
  lastName: "O'Neill",
  email: 'ann.oneill@example.ie',
  phone: '+353861234567',
}
const WANG = { firstName: '伟', lastName: '王', email: 'wang.wei@example.cn', phone: '+8613800138000' }
const KIM = { firstName: '민수', lastName: '김' }
const SATO = { firstName: '花子', lastName: '佐藤' }

function redactContact(text: string, contact: Record<string, unknown>): string {
  return redactText(text, personalValuesOf(contact))
}

describe('redactText, deal titles', () => {
  it('removes name and email', () => {
    const title = "Ann O'Neill (ann.oneill@example.ie) - 40 seats renewal"

    expect(redactContact(title, ANN)).toBe(`${REDACTED} (${REDACTED}) - 40 seats renewal`)
  })

  it('ignores case', () => {
    expect(redactContact('Upsell for ANN O’NEILL and ann', ANN)).not.toMatch(/ann\b/i)
  })

  it('keeps words that contain a name', () => {
    expect(redactContact('Annual plan for Ann', ANN)).toBe(`Annual plan for ${REDACTED}`)
  })

  it('matches across extra white space', () => {
    expect(redactContact("Ann   O'Neill renewal", ANN)).toBe(`${REDACTED} renewal`)
  })

  it('removes the email local part', () => {
    expect(redactContact('quote sent to ann.oneill', ANN)).toBe(`quote sent to ${REDACTED}`)
  })
})

describe('redactText, ticket and activity subjects', () => {
  it('removes a phone number in any format', () => {
    for (const written of ['+353 86 123 4567', '086 123 4567', '(086) 123-4567', '00353861234567']) {
      expect(redactContact(`Call back on ${written} today`, ANN)).toBe(
        `Call back on ${REDACTED} today`,
      )
    }
  })

  it('removes a phone next to another number', () => {
    const subject = 'Call 086 123 4567 2026 about invoice'

    expect(redactContact(subject, ANN)).not.toContain('123 4567')
  })

  it('keeps unrelated numbers', () => {
    expect(redactContact('Order 4410-2291 shipped', ANN)).toBe('Order 4410-2291 shipped')
  })

  it('removes a Chinese full name', () => {
    expect(redactContact('王伟的续约会议', WANG)).toBe(`${REDACTED}的续约会议`)
  })

  it('removes a Korean name before a particle', () => {
    expect(redactContact('김민수님 통화', KIM)).toBe(`${REDACTED}님 통화`)
  })

  it('removes a Japanese name', () => {
    expect(redactContact('佐藤花子様との打ち合わせ', SATO)).toBe(`${REDACTED}様との打ち合わせ`)
  })

  it('removes a Latin name next to CJK text', () => {
    expect(redactContact('与Ann的会议', ANN)).toBe(`与${REDACTED}的会议`)
  })

  it('skips one-character values', () => {
    expect(redactText('Plan A for Ann', ['A'])).toBe('Plan A for Ann')
  })

  it('treats regular expression characters literally', () => {
    expect(redactText('Meet J.R. (Bob) Smith+ today', ['J.R. (Bob) Smith+'])).toBe(
      `Meet ${REDACTED} today`,
    )
  })
})

describe('personalValuesOf', () => {
  it('lists names in both orders', () => {
    expect(personalValuesOf({ firstName: 'Ann', lastName: 'Lee' })).toEqual([
      'Ann',
      'Lee',
      'Ann Lee',
      'Lee Ann',
    ])
  })

  it('joins CJK names without a space', () => {
    expect(personalValuesOf(WANG)).toContain('王伟')
  })

  it('skips short email local parts', () => {
    expect(personalValuesOf({ email: 'jo@example.org' })).toEqual(['jo@example.org'])
  })

  it('ignores values that are not text', () => {
    expect(personalValuesOf({ firstName: 42, lastName: '  ', phone: null })).toEqual([])
  })

  it('lists the parts of a hyphenated name', () => {
    const values = personalValuesOf({ lastName: 'Quintanilla-Öberg', firstName: 'Jo' })

    expect(values).toContain('Quintanilla')
    expect(values).toContain('Öberg')
    expect(values).not.toContain('Jo Quintanilla')
  })

  it('lists street address and national ID', () => {
    const values = personalValuesOf({ lastName: 'Berg', street: '42 Secret Lane', nationalId: 'AB123456C', city: 'Oslo' })

    expect(values).toContain('42 Secret Lane')
    expect(values).toContain('AB123456C')
    expect(values).not.toContain('Oslo')
  })
})

describe('redactText, other spellings', () => {
  const CONTACT = { lastName: 'Quintanilla-Öberg', nationalId: 'AB123456C', street: '42 Secret Lane' }

  it.each([
    ['Quintanilla', `${REDACTED}`],
    ['Call quintanilla-oberg', `Call ${REDACTED}`],
    ['Mail to OBERG', `Mail to ${REDACTED}`],
    ['ID AB123456C', `ID ${REDACTED}`],
    ['Visit 42 Secret Lane', `Visit ${REDACTED}`],
  ])('redacts %s', (text, redacted) => {
    expect(redactContact(text, CONTACT)).toBe(redacted)
  })

  it('matches an accented spelling of a plain value', () => {
    expect(redactText('Meeting with Zoë Åberg', ['Zoe', 'Aberg'])).toBe(`Meeting with ${REDACTED} ${REDACTED}`)
  })

  it('keeps accented words that only contain a name', () => {
    expect(redactText('Öberga and Íberg', ['berg'])).toBe('Öberga and Íberg')
  })

  it('keeps the text in composed form', () => {
    const text = 'Café visit'.normalize('NFD')

    expect(redactText(text, ['Ann'])).toBe('Café visit'.normalize('NFC'))
  })
})

describe('redactContactDetails', () => {
  it.each([
    ['Upsell to ngallagher@martinez.com', `Upsell to ${REDACTED}`],
    ['Mail Zoë at zoë.berg@exämple.se.', `Mail Zoë at ${REDACTED}.`],
    ['Call +44 20 7946 0958 today', `Call ${REDACTED} today`],
    ['Ring +1 (415) 555-0100 ext 12', `Ring ${REDACTED}`],
    ['Ring 020 7946 0958 after lunch', `Ring ${REDACTED} after lunch`],
    ['Ring (415) 555-0100 or 415.555.0101', `Ring ${REDACTED} or ${REDACTED}`],
  ])('removes the details in %j', (text, expected) => {
    expect(redactContactDetails(text)).toBe(expected)
  })

  it.each(['Renewal due 2024-03-31', 'Quote 31/03/2024 for 1,250,000 EUR', 'PO 4500012345 approved', 'Room 101, 3 seats', 'Version 10.4.2'])('keeps %j', (text) => {
    expect(redactContactDetails(text)).toBe(text)
  })
})

describe('leak guard in project', () => {
  it('redacts contact details from a title without a linked contact', () => {
    const deal = { _id: 'deal:01J0000000000000000000000F', type: 'deal', title: 'Upsell to Melissa, ngallagher@martinez.com, +1 415 555 0100', stage: 'Engaging' }

    const projected = project(deal, DEFAULT_POLICY, new Uint8Array(32))

    expect(projected?.title).toBe(`Upsell to Melissa, ${REDACTED}, ${REDACTED}`)
  })

  it('redacts a contact name and email from a deal title', () => {
    const deal = {
      _id: 'deal:01J0000000000000000000000D',
      type: 'deal',
      title: "Ann O'Neill <ann.oneill@example.ie>: 40 seats",
      stage: 'Engaging',
    }
    const projected = project(deal, DEFAULT_POLICY, new Uint8Array(32), {
      redactValues: personalValuesOf(ANN),
    })

    expect(projected?.title).toBe(`${REDACTED} <${REDACTED}>: 40 seats`)
  })

  it('redacts a ticket subject', () => {
    const ticket = {
      _id: 'ticket:01J0000000000000000000000E',
      type: 'ticket',
      subject: '王伟 asks for a refund, call +86 138 0013 8000',
      status: 'open',
    }
    const projected = project(ticket, DEFAULT_POLICY, new Uint8Array(32), {
      redactValues: personalValuesOf(WANG),
    })

    expect(projected?.subject).toBe(`${REDACTED} asks for a refund, call ${REDACTED}`)
  })
})
