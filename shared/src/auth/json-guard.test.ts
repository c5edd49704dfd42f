import { describe, expect, it } from 'vitest'
import { findJsonProblem, MAX_JSON_DEPTH } from './json-guard'

function nested(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

describe('findJsonProblem', () => {
  it('accepts ordinary bodies', () => {
    expect(findJsonProblem({ firstName: 'Ada', tags: ['a', 'b'], address: { city: 'Oslo' } })).toBeUndefined()
  })

  it('accepts the maximum depth', () => {
    expect(findJsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined()
  })

  it('rejects one level more', () => {
    expect(findJsonProblem(nested(MAX_JSON_DEPTH + 1))?.reason).toBe('too_deep')
  })

  it('rejects __proto__ from JSON.parse', () => {
    const problem = findJsonProblem(JSON.parse('{"a":{"__proto__":{"isAdmin":true}}}'))
    expect(problem).toEqual({ path: '$.a.__proto__', reason: 'forbidden_key' })
  })

  it('rejects constructor and prototype', () => {
    expect(findJsonProblem({ list: [{ constructor: 1 }] })?.path).toBe('$.list[0].constructor')
    expect(findJsonProblem({ prototype: 1 })?.reason).toBe('forbidden_key')
  })
})
