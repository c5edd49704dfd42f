import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TermIndex } from './term-index'

function indexOf(current: Map<string, string[]>): TermIndex {
  return new TermIndex((id) => current.get(id))
}

describe('TermIndex', () => {
  it('finds terms by prefix and tells exact matches', () => {
    const current = new Map([
      ['a', ['ada', 'example']],
      ['b', ['adam']],
    ])
    const index = indexOf(current)
    for (const [id, terms] of current) index.add(id, terms)

    expect(index.lookup('ada')).toEqual(new Map([['a', true], ['b', false]]))
    expect(index.lookup('adam')).toEqual(new Map([['b', true]]))
    expect(index.lookup('exa')).toEqual(new Map([['a', false]]))
    expect(index.lookup('z').size).toBe(0)
  })

  it('drops the terms of a replaced record', () => {
    const current = new Map([['a', ['old', 'kept']]])
    const index = indexOf(current)
    index.add('a', ['old', 'kept'])
    expect(index.lookup('old').size).toBe(1)

    current.set('a', ['new', 'kept'])
    index.discard('a')
    index.add('a', ['new', 'kept'])

    expect(index.lookup('old').size).toBe(0)
    expect(index.lookup('new')).toEqual(new Map([['a', true]]))
    expect(index.lookup('kept')).toEqual(new Map([['a', true]]))
    expect(index.size).toBe(2)
  })

  it('drops the terms of a removed record', () => {
    const current = new Map([['a', ['gone']]])
    const index = indexOf(current)
    index.add('a', ['gone'])
    index.lookup('gone')

    current.delete('a')
    index.discard('a')

    expect(index.lookup('gone').size).toBe(0)
    expect(index.size).toBe(0)
  })

  it('agrees with a scan after any writes', () => {
    const term = fc.stringMatching(/^[a-c]{1,3}$/)
    const write = fc.record({ id: fc.constantFrom('r1', 'r2', 'r3', 'r4'), terms: fc.uniqueArray(term, { maxLength: 3 }), remove: fc.boolean() })
    const step = fc.oneof(write.map((w) => ({ kind: 'write' as const, ...w })), term.map((prefix) => ({ kind: 'lookup' as const, prefix })))
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), term, (steps, finalPrefix) => {
        const current = new Map<string, string[]>()
        const index = indexOf(current)
        const scan = (prefix: string) => {
          const found = new Map<string, boolean>()
          for (const [id, terms] of current) {
            const matching = terms.filter((t) => t.startsWith(prefix))
            if (matching.length > 0) found.set(id, matching.includes(prefix))
          }
          return found
        }
        for (const s of [...steps, { kind: 'lookup' as const, prefix: finalPrefix }]) {
          if (s.kind === 'lookup') {
            expect(index.lookup(s.prefix)).toEqual(scan(s.prefix))
            continue
          }
          if (current.has(s.id)) index.discard(s.id)
          if (s.remove) {
            current.delete(s.id)
          } else {
            current.set(s.id, s.terms)
            index.add(s.id, s.terms)
          }
        }
      }),
    )
  })
})
