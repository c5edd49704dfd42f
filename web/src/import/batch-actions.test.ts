import { describe, expect, it } from 'vitest'
import { actionsFor } from './batch-actions'

describe('actionsFor', () => {
  it('follows a queued or running batch', () => {
    expect(actionsFor('queued')).toEqual({ follow: true, download: false, undo: false, remove: false })
    expect(actionsFor('running')).toEqual({ follow: true, download: false, undo: false, remove: false })
  })

  it('offers download and undo for a finished batch', () => {
    expect(actionsFor('done')).toEqual({ follow: false, download: true, undo: true, remove: false })
  })

  it('offers everything but follow for a failed batch', () => {
    expect(actionsFor('failed')).toEqual({ follow: false, download: true, undo: true, remove: true })
  })

  it('offers only deletion for an upload never run', () => {
    expect(actionsFor('uploaded')).toEqual({ follow: false, download: false, undo: false, remove: true })
  })

  it('offers download and deletion for an undone batch', () => {
    expect(actionsFor('undone')).toEqual({ follow: false, download: true, undo: true, remove: true })
  })

  it('keeps only undo while an undo runs', () => {
    expect(actionsFor('undoing')).toEqual({ follow: false, download: false, undo: true, remove: false })
  })
})
