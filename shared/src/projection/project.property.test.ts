import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENTITY_TYPES, type EntityType, type FieldDef } from '../entities/fields'
import { ENTITY_SCHEMAS } from '../entities/schemas'
import { findFieldViolations, toAllowedFieldSet } from '../policy/allowed-fields'
import {
  GENERALIZE_LEVELS,
  MASK_STYLES,
  RESIDENCY_MODES,
  type EntityRules,
  type FieldRule,
  type MaskStyle,
  type ResidencyPolicy,
} from '../policy/types'
import { MASK, maskValue } from './mask'
import { project, type RecordDoc } from './project'
import { pseudonymize } from './pseudonym'

/** Runs per property: enough to hit every mode on every field several times. */
const RUNS = 300

const ruleArbitrary: fc.Arbitrary<FieldRule> = fc.record(
  {
    mode: fc.constantFrom(...RESIDENCY_MODES),
    cloudWritable: fc.boolean(),
    maskStyle: fc.constantFrom(...MASK_STYLES),
    generalizeLevel: fc.constantFrom(...GENERALIZE_LEVELS),
    prefixLength: fc.integer({ min: 1, max: 6 }),
  },
  { requiredKeys: ['mode'] },
)

function entityRulesArbitrary(type: EntityType): fc.Arbitrary<EntityRules> {
  const fields = Object.fromEntries(
    ENTITY_SCHEMAS[type].fields.map((field) => [field.name, fc.option(ruleArbitrary, { nil: undefined })]),
  )
  return fc.record({ localOnly: fc.boolean(), cloudCreatable: fc.boolean(), fields: fc.record(fields) }).map(
    (rules) => ({
      ...rules,
      fields: Object.fromEntries(Object.entries(rules.fields).filter(([, rule]) => rule !== undefined)) as Record<
        string,
        FieldRule
      >,
    }),
  )
}

const policyArbitrary: fc.Arbitrary<ResidencyPolicy> = fc
  .record(Object.fromEntries(ENTITY_TYPES.map((type) => [type, entityRulesArbitrary(type)])))
  .map((entities) => ({ version: 2, entities: entities as ResidencyPolicy['entities'] }))

/**
 * Builds a value for a field of `kind` that carries `marker`, a token no other field holds, so the
 * test can search the projected JSON for it.
 */
function valueFor(field: FieldDef, marker: string, number: number): unknown {
  switch (field.kind) {
    case 'email':
      return `${marker}@example.org`
    case 'phone':
      return `+4420${String(number).padStart(8, '0')}`
    case 'date':
      return `19${String(number % 100).padStart(2, '0')}-0${(number % 9) + 1}-1${number % 10}`
    case 'datetime':
      return `20${String(number % 100).padStart(2, '0')}-01-02T03:04:05.000Z`
    case 'number':
    case 'money':
      return 1_000_000 + number
    case 'enum':
      return field.options?.[number % field.options.length] ?? marker
    case 'boolean':
      return number % 2 === 0
    default:
      return `${marker} ${marker}`
  }
}

const recordArbitrary: fc.Arbitrary<{ type: EntityType; doc: RecordDoc; markers: Map<string, string> }> = fc
  .record({
    type: fc.constantFrom(...ENTITY_TYPES),
    seed: fc.integer({ min: 0, max: 999_999 }),
    present: fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
  })
  .map(({ type, seed, present }) => {
    const doc: RecordDoc = { _id: `${type}:01J00000000000000000000000`, type, stamps: {} }
    const markers = new Map<string, string>()
    ENTITY_SCHEMAS[type].fields.forEach((field, position) => {
      if (!present[position]) return
      const marker = `zq${position.toString(36)}x${(seed + position).toString(36)}`
      doc[field.name] = valueFor(field, marker, seed * 40 + position)
      doc.stamps![field.name] = `stamp-${field.name}`
      markers.set(field.name, marker)
    })
    doc.unlistedNote = 'zzunlisted secret'
    return { type, doc, markers }
  })

const KEY = new Uint8Array(32).fill(1)

describe('project, property laws', () => {
  it('never emits a local field, stamp or value', () => {
    fc.assert(
      fc.property(policyArbitrary, recordArbitrary, (policy, { type, doc, markers }) => {
        const projected = project(doc, policy, KEY)
        const rules = policy.entities[type]
        if (!rules || rules.localOnly) return projected === null

        const json = JSON.stringify(projected)
        expect(json).not.toContain('zzunlisted')
        for (const field of ENTITY_SCHEMAS[type].fields) {
          const mode = rules.fields[field.name]?.mode ?? 'local'
          if (mode !== 'local') continue
          expect(projected).not.toHaveProperty(field.name)
          expect(projected?.stamps ?? {}).not.toHaveProperty(field.name)
          const marker = markers.get(field.name)
          if (marker) expect(json).not.toContain(marker)
        }
        return true
      }),
      { numRuns: RUNS },
    )
  })

  it('emits only what the allowed field set accepts', () => {
    fc.assert(
      fc.property(policyArbitrary, recordArbitrary, (policy, { doc }) => {
        const projected = project(doc, policy, KEY)
        if (!projected) return

        const violations = findFieldViolations(projected as Record<string, unknown>, toAllowedFieldSet(policy))
        expect(violations).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  it('never emits a non-sync value in clear', () => {
    fc.assert(
      fc.property(policyArbitrary, recordArbitrary, (policy, { type, doc, markers }) => {
        const projected = project(doc, policy, KEY)
        if (!projected) return

        const rules = policy.entities[type]?.fields ?? {}
        for (const [name, marker] of markers) {
          const mode = rules[name]?.mode
          if (mode !== 'mask' && mode !== 'pseudonym') continue
          expect(JSON.stringify(projected[name] ?? null)).not.toContain(marker)
        }
      }),
      { numRuns: RUNS },
    )
  })
})

/** Returns what a masked value still shows once the leading or trailing mask is taken off. */
function revealedPart(masked: string): string {
  if (masked.startsWith('****')) return masked.slice(4)
  if (masked.startsWith(MASK)) return masked.slice(MASK.length)
  if (masked.endsWith(MASK)) return masked.slice(0, -MASK.length)
  return masked
}

describe('maskValue, property laws', () => {
  const text = fc.string({ minLength: 0, maxLength: 40 })
  const email = fc.tuple(fc.stringMatching(/^[a-z0-9._]{1,20}$/), fc.domain()).map(([local, domain]) => `${local}@${domain}`)
  const phone = fc
    .tuple(fc.constantFrom('+1 415', '+44 20', '+86 138', '+49 30', '+33 1'), fc.integer({ min: 1000000, max: 99999999 }))
    .map(([prefix, rest]) => `${prefix} ${rest}`)

  it('full reveals nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom('text', 'email', 'phone', 'id', 'url') as fc.Arbitrary<'text'>, text, (kind, value) => {
        expect(maskValue(kind, value, 'full')).toBe(MASK)
      }),
      { numRuns: RUNS },
    )
  })

  it('partial text reveals one character', () => {
    fc.assert(
      fc.property(text, (value) => {
        const revealed = revealedPart(maskValue('text', value, 'partial'))
        expect(Array.from(revealed).length).toBeLessThanOrEqual(1)
        if (revealed) expect(value.startsWith(revealed)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('last4 text reveals four trailing characters', () => {
    fc.assert(
      fc.property(text, (value) => {
        const revealed = revealedPart(maskValue('text', value, 'last4'))
        expect(revealed.length).toBeLessThanOrEqual(4)
        expect(value.endsWith(revealed)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('email reveals at most one character and the domain', () => {
    fc.assert(
      fc.property(email, fc.constantFrom<MaskStyle>('partial', 'last4'), (value, style) => {
        const masked = maskValue('email', value, style)
        const domain = value.slice(value.lastIndexOf('@') + 1)
        const local = revealedPart(masked.slice(0, masked.lastIndexOf('@')))

        expect(masked.endsWith(`@${domain}`)).toBe(true)
        expect(local.length).toBeLessThanOrEqual(style === 'partial' ? 1 : 0)
        if (local) expect(value.startsWith(local)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('phone reveals at most country, area head and four digits', () => {
    fc.assert(
      fc.property(phone, fc.constantFrom<MaskStyle>('partial', 'last4'), (value, style) => {
        const masked = maskValue('phone', value, style)
        const digits = value.replace(/\D/g, '')
        const revealedDigits = masked.replace(/\D/g, '')

        expect(digits.endsWith(masked.replace(/\D/g, '').slice(-4))).toBe(true)
        if (style === 'last4') expect(revealedDigits.length).toBeLessThanOrEqual(4)
        // Country code (at most 3 digits), 3 leading national digits and 4 trailing ones.
        if (style === 'partial') expect(revealedDigits.length).toBeLessThanOrEqual(10)
        expect(revealedDigits.length).toBeLessThan(digits.length)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('pseudonymize, property laws', () => {
  const key = fc.uint8Array({ minLength: 32, maxLength: 32 })
  const value = fc.string({ minLength: 1, maxLength: 40 })

  it('is stable per value and key', () => {
    fc.assert(
      fc.property(key, value, (siteKey, text) => {
        expect(pseudonymize(siteKey, 'text', text)).toBe(pseudonymize(Uint8Array.from(siteKey), 'text', text))
      }),
      { numRuns: RUNS },
    )
  })

  it('ignores email case and padding', () => {
    fc.assert(
      fc.property(key, fc.emailAddress(), (siteKey, address) => {
        expect(pseudonymize(siteKey, 'email', ` ${address.toUpperCase()} `)).toBe(
          pseudonymize(siteKey, 'email', address),
        )
      }),
      { numRuns: RUNS },
    )
  })

  it('differs across site keys', () => {
    fc.assert(
      fc.property(key, key, value, (first, second, text) => {
        fc.pre(first.some((byte, position) => byte !== second[position]))
        expect(pseudonymize(first, 'text', text)).not.toBe(pseudonymize(second, 'text', text))
      }),
      { numRuns: RUNS },
    )
  })

  it('differs across values', () => {
    fc.assert(
      fc.property(key, value, value, (siteKey, first, second) => {
        fc.pre(first.trim().toLowerCase() !== second.trim().toLowerCase())
        expect(pseudonymize(siteKey, 'text', first)).not.toBe(pseudonymize(siteKey, 'text', second))
      }),
      { numRuns: RUNS },
    )
  })
})
