import { describe, expect, it } from 'vitest'
import type { EntityType, FieldDef, FieldKind } from '../entities/fields'
import { findFieldViolations, toAllowedFieldSet } from '../policy/allowed-fields'
import { DEFAULT_POLICY } from '../policy/default-policy'
import type { FieldRule, ResidencyPolicy } from '../policy/types'
import { project, type RecordDoc } from './project'
import { PSEUDONYM_PATTERN } from './pseudonym'

const KEY = new Uint8Array(32).fill(7)

/** One custom contact field of each kind, so every kind runs through `project` itself. */
const KIND_FIELDS: Record<string, FieldDef> = {
  text: { name: 'kText', kind: 'text', label: 'Text', custom: true },
  email: { name: 'kEmail', kind: 'email', label: 'Email', custom: true },
  phone: { name: 'kPhone', kind: 'phone', label: 'Phone', custom: true },
  date: { name: 'kDate', kind: 'date', label: 'Date', custom: true },
  number: { name: 'kNumber', kind: 'number', label: 'Number', custom: true },
  money: { name: 'kMoney', kind: 'money', label: 'Money', custom: true },
}

const SAMPLE_VALUES: Record<string, unknown> = {
  text: 'Katharina Oberholzer',
  email: 'katharina.oberholzer@example.ch',
  phone: '+41446681800',
  date: '1987-06-21',
  number: 4711,
  money: 1_250_000.5,
}

function projectOne(kind: string, rule: FieldRule): unknown {
  const field = KIND_FIELDS[kind] as FieldDef
  const policy: ResidencyPolicy = {
    version: 2,
    entities: { contact: { fields: { [field.name]: rule } } },
  }
  const record: RecordDoc = {
    _id: 'contact:01J0000000000000000000000A',
    type: 'contact',
    [field.name]: SAMPLE_VALUES[kind],
    stamps: { [field.name]: '0000000000001-0000-site' },
  }
  const projected = project(record, policy, KEY, { customFields: { contact: [field] } })
  return projected?.[field.name]
}

/** Expected projection of each sample value, by mode (and style or level) and kind. */
const EXPECTED: Record<string, Record<string, unknown>> = {
  sync: SAMPLE_VALUES,
  local: {
    text: undefined,
    email: undefined,
    phone: undefined,
    date: undefined,
    number: undefined,
    money: undefined,
  },
  'mask/partial': {
    text: 'K***',
    email: 'k***@example.ch',
    phone: '+41 446****1800',
    date: '***',
    number: '***',
    money: '***',
  },
  'mask/last4': {
    text: '***lzer',
    email: '***@example.ch',
    phone: '****1800',
    date: '***',
    number: '***',
    money: '***',
  },
  'mask/full': {
    text: '***',
    email: '***',
    phone: '***',
    date: '***',
    number: '***',
    money: '***',
  },
  'generalize/default': {
    text: 'Kat',
    email: 'example.ch',
    phone: '+41',
    date: '1987',
    number: '1000-10000',
    money: '1000000-10000000',
  },
  'generalize/decade': {
    text: 'Kat',
    email: 'example.ch',
    phone: '+41',
    date: '1980s',
    number: '1000-10000',
    money: '1000000-10000000',
  },
  'generalize/month': {
    text: 'Kat',
    email: 'example.ch',
    phone: '+41',
    date: '1987-06',
    number: '1000-10000',
    money: '1000000-10000000',
  },
}

function ruleFor(mode: string): FieldRule {
  const [name, option] = mode.split('/')
  if (name === 'mask') return { mode: 'mask', maskStyle: option as FieldRule['maskStyle'] }
  if (name === 'generalize') {
    return option === 'default'
      ? { mode: 'generalize' }
      : { mode: 'generalize', generalizeLevel: option as FieldRule['generalizeLevel'] }
  }
  return { mode: name as FieldRule['mode'] }
}

describe('project, each mode and field kind', () => {
  for (const [mode, byKind] of Object.entries(EXPECTED)) {
    for (const kind of Object.keys(KIND_FIELDS)) {
      it(`${mode} on ${kind}`, () => {
        expect(projectOne(kind, ruleFor(mode))).toEqual(byKind[kind])
      })
    }
  }

  for (const kind of Object.keys(KIND_FIELDS) as FieldKind[]) {
    it(`pseudonym on ${kind}`, () => {
      const token = projectOne(kind, { mode: 'pseudonym' })

      expect(token).toMatch(PSEUDONYM_PATTERN)
      expect(JSON.stringify(token)).not.toContain(String(SAMPLE_VALUES[kind]))
    })
  }
})

describe('project, document shape', () => {
  const contact: RecordDoc = {
    _id: 'contact:01J0000000000000000000000B',
    _rev: '3-abc',
    type: 'contact',
    createdAt: '2026-01-02T03:04:05.000Z',
    updatedAt: '2026-02-03T04:05:06.000Z',
    firstName: 'Ingrid',
    lastName: 'Halvorsen',
    email: 'ingrid@example.no',
    jobTitle: 'Buyer',
    nationalId: '01018512345',
    favouriteColour: 'teal',
    stamps: { firstName: 's1', lastName: 's2', email: 's3', jobTitle: 's4', nationalId: 's5' },
  }

  it('keeps id, type and timestamps', () => {
    const projected = project(contact, DEFAULT_POLICY, KEY)

    expect(projected?._id).toBe(contact._id)
    expect(projected?.type).toBe('contact')
    expect(projected?.createdAt).toBe(contact.createdAt)
    expect(projected?.updatedAt).toBe(contact.updatedAt)
  })

  it('drops the revision', () => {
    expect(project(contact, DEFAULT_POLICY, KEY)).not.toHaveProperty('_rev')
  })

  it('leaves out local and unknown fields', () => {
    const projected = project(contact, DEFAULT_POLICY, KEY)

    expect(projected).not.toHaveProperty('lastName')
    expect(projected).not.toHaveProperty('nationalId')
    expect(projected).not.toHaveProperty('favouriteColour')
  })

  it('stamps only fields that leave', () => {
    const projected = project(contact, DEFAULT_POLICY, KEY)

    expect(projected?.stamps).toEqual({ firstName: 's1', email: 's3', jobTitle: 's4' })
  })

  it('marks transformed fields in residency', () => {
    const projected = project(contact, DEFAULT_POLICY, KEY)

    expect(projected?.residency).toEqual({ firstName: 'mask', email: 'mask' })
  })

  it('passes its own allowed field set', () => {
    const projected = project(contact, DEFAULT_POLICY, KEY)
    const allowed = toAllowedFieldSet(DEFAULT_POLICY)

    expect(findFieldViolations(projected as Record<string, unknown>, allowed)).toEqual([])
  })

  it('returns null for a local-only type', () => {
    const policy: ResidencyPolicy = {
      version: 3,
      entities: { ...DEFAULT_POLICY.entities, contact: { localOnly: true, fields: {} } },
    }

    expect(project(contact, policy, KEY)).toBeNull()
  })

  it('returns null for a type without rules', () => {
    const policy: ResidencyPolicy = { version: 3, entities: {} }

    expect(project(contact, policy, KEY)).toBeNull()
  })

  it('returns null for an unknown type', () => {
    const doc = { ...contact, type: 'invoice' as EntityType }

    expect(project(doc, DEFAULT_POLICY, KEY)).toBeNull()
  })

  it('redacts a linked contact from a synced deal title', () => {
    const deal: RecordDoc = {
      _id: 'deal:01J0000000000000000000000C',
      type: 'deal',
      title: 'Renewal for Ingrid Halvorsen (ingrid@example.no)',
      stage: 'Engaging',
    }
    const projected = project(deal, DEFAULT_POLICY, KEY, {
      redactValues: ['Ingrid', 'Halvorsen', 'ingrid@example.no'],
    })

    expect(projected?.title).toBe('Renewal for [redacted] [redacted] ([redacted])')
  })
})
