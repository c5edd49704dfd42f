import { describe, expect, it } from 'vitest'
import { splitFullName } from './split-name'

describe('splitFullName', () => {
  it('splits first and last', () => {
    expect(splitFullName('Heather  Callahan')).toEqual({ firstName: 'Heather', lastName: 'Callahan' })
  })

  it('keeps middle names with the first name', () => {
    expect(splitFullName('Mary Ann Ponce')).toEqual({ firstName: 'Mary Ann', lastName: 'Ponce' })
  })

  it('reads last-comma-first', () => {
    expect(splitFullName('Callahan, Heather')).toEqual({ firstName: 'Heather', lastName: 'Callahan' })
  })

  it('keeps surname particles', () => {
    expect(splitFullName('Ludwig van Beethoven')).toEqual({ firstName: 'Ludwig', lastName: 'van Beethoven' })
  })

  it('splits Chinese names family-first', () => {
    expect(splitFullName('王小明')).toEqual({ lastName: '王', firstName: '小明' })
    expect(splitFullName('欧阳娜娜')).toEqual({ lastName: '欧阳', firstName: '娜娜' })
  })

  it('keeps one word as first name', () => {
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher' })
  })
})
