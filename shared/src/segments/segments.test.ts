import { describe, expect, it } from 'vitest'
import { validateRecord } from '../entities/validate'
import { checkCampaignSteps } from './campaign-steps'
import { checkConditions } from './conditions'

describe('checkConditions', () => {
  it('defaults op to eq and numbers to text', () => {
    const check = checkConditions([{ field: 'amount', op: 'gte', value: 1000 }, { field: 'country', value: 'Norway' }])
    expect(check).toEqual({
      ok: true,
      value: [
        { field: 'amount', op: 'gte', value: '1000' },
        { field: 'country', op: 'eq', value: 'Norway' },
      ],
    })
  })

  it('defaults empty to true', () => {
    const check = checkConditions([{ field: 'email', op: 'empty' }])
    expect(check.ok).toBe(true)
    expect(check.ok ? check.value : undefined).toEqual([{ field: 'email', op: 'empty', value: 'true' }])
  })

  it('rejects an unknown operator', () => {
    const check = checkConditions([{ field: 'country', op: 'like', value: 'N%' }])
    expect(check.ok).toBe(false)
    expect(check.ok ? '' : check.message).toMatch(/op 'like'; use one of eq, ne/)
  })

  it('rejects a missing value', () => {
    const check = checkConditions([{ field: 'country', op: 'eq' }])
    expect(check.ok).toBe(false)
    expect(check.ok ? '' : check.message).toMatch(/condition 1 \(country eq\)/)
  })

  it('rejects a condition that is not an object', () => {
    expect(checkConditions(['country=Norway']).ok).toBe(false)
  })
})

describe('checkCampaignSteps', () => {
  it('sorts steps by offset', () => {
    const check = checkCampaignSteps([
      { kind: 'call', offsetDays: 7, subject: 'Call back' },
      { kind: 'email', offsetDays: 0, subject: 'Welcome' },
    ])
    expect(check.ok).toBe(true)
    expect(check.ok ? check.value : undefined).toEqual([
      { kind: 'email', offsetDays: 0, subject: 'Welcome' },
      { kind: 'call', offsetDays: 7, subject: 'Call back' },
    ])
  })

  it('rejects a negative offset', () => {
    const check = checkCampaignSteps([{ kind: 'task', offsetDays: -1, subject: 'Prepare' }])
    expect(check.ok).toBe(false)
    expect(check.ok ? '' : check.message).toMatch(/offsetDays '-1'/)
  })

  it('rejects an unknown kind', () => {
    const check = checkCampaignSteps([{ kind: 'fax', subject: 'Send' }])
    expect(check.ok).toBe(false)
    expect(check.ok ? '' : check.message).toMatch(/kind 'fax'; use one of email, call, task/)
  })
})

describe('validateRecord segment and campaign', () => {
  it('accepts a segment with conditions', () => {
    const result = validateRecord('segment', { name: 'Nordics', entityType: 'contact', conditions: [{ field: 'country', op: 'in', value: 'Norway,Sweden' }] })
    expect(result.ok).toBe(true)
  })

  it('names the conditions field in its error', () => {
    const result = validateRecord('segment', { name: 'Bad', entityType: 'contact', conditions: 'country=Norway' })
    expect(result.ok).toBe(false)
    expect(result.ok ? undefined : result.errors[0]?.field).toBe('conditions')
  })

  it('requires a segment entity type', () => {
    const result = validateRecord('segment', { name: 'Untyped' })
    expect(result.ok ? [] : result.errors.map((error) => error.field)).toEqual(['entityType'])
  })

  it('accepts a campaign with steps', () => {
    const result = validateRecord('campaign', { name: 'Spring', status: 'draft', steps: [{ kind: 'email', subject: 'Hello' }] })
    expect(result.ok).toBe(true)
    expect(result.ok ? result.value.steps : undefined).toEqual([{ kind: 'email', offsetDays: 0, subject: 'Hello' }])
  })
})
