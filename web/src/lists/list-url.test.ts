import { describe, expect, it } from 'vitest'
import { listQueryString, parseListQuery, withoutWithheld } from './list-url'

describe('parseListQuery', () => {
  it('reads search, sort and filters', () => {
    const state = parseListQuery('?q=Melissa&sort=-lastName&filter.country=Norway&filter.email.contains=%40example')

    expect(state.q).toBe('Melissa')
    expect(state.sort).toBe('-lastName')
    expect(state.filters).toEqual({ country: 'Norway', 'email.contains': '@example' })
  })

  it('returns empty state for no query', () => {
    expect(parseListQuery('')).toEqual({ q: '', sort: '', filters: {} })
  })

  it('ignores empty filters and other parameters', () => {
    expect(parseListQuery('?filter.country=&filter.=x&page=3').filters).toEqual({})
  })
})

describe('listQueryString', () => {
  it('writes set values only', () => {
    expect(listQueryString('', { q: 'Melissa', sort: '', filters: { country: '', stage: 'Won' } })).toBe('?q=Melissa&filter.stage=Won')
  })

  it('returns empty text for empty state', () => {
    expect(listQueryString('?q=old&filter.stage=Won', { q: '', sort: '', filters: {} })).toBe('')
  })

  it('keeps parameters it does not own', () => {
    expect(listQueryString('?site=oslo&q=old', { q: 'new', sort: 'name', filters: {} })).toBe('?site=oslo&q=new&sort=name')
  })

  it('round-trips through parseListQuery', () => {
    const state = { q: 'a&b=c ü', sort: '-amount', filters: { 'title.contains': '50%', stage: 'Engaging' } }

    expect(parseListQuery(listQueryString('', state))).toEqual(state)
  })
})

describe('withoutWithheld', () => {
  const WITHHELD = new Set(['email', 'lastName'])

  it('drops a sort on a withheld field', () => {
    expect(withoutWithheld({ q: '', sort: '-lastName', filters: {} }, WITHHELD, true).sort).toBe('')
  })

  it('keeps a sort on another field', () => {
    expect(withoutWithheld({ q: '', sort: '-country', filters: {} }, WITHHELD, true).sort).toBe('-country')
  })

  it('drops filters on withheld fields only', () => {
    const state = withoutWithheld({ q: '', sort: '', filters: { 'email.contains': 'x', lastName: 'Berg', country: 'Norway' } }, WITHHELD, true)

    expect(state.filters).toEqual({ country: 'Norway' })
  })

  it('drops the search of a list that may not be searched', () => {
    expect(withoutWithheld({ q: 'Astrid', sort: '', filters: {} }, WITHHELD, false).q).toBe('')
  })

  it('keeps the search of a list that may be searched', () => {
    expect(withoutWithheld({ q: 'Fjord', sort: '', filters: {} }, new Set(), true).q).toBe('Fjord')
  })
})
