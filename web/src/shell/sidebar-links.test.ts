import { describe, expect, it } from 'vitest'
import { PERMISSION_MATRIX } from '@enclave/shared/auth/roles'
import { sidebarLinks } from './sidebar-links'

describe('sidebarLinks', () => {
  it('gives an edge admin every page', () => {
    const links = sidebarLinks('edge', PERMISSION_MATRIX.admin)
    expect(links).toContain('import')
    expect(links).toContain('policy')
    expect(links).toContain('audit')
    expect(links).toContain('users')
  })

  it('leaves admin pages out for an edge viewer', () => {
    const links = sidebarLinks('edge', PERMISSION_MATRIX.viewer)
    expect(links).not.toContain('import')
    expect(links).not.toContain('policy')
    expect(links).not.toContain('audit')
    expect(links).not.toContain('users')
    expect(links).toContain('contacts')
    expect(links).toContain('pipeline')
  })

  it('keeps import and audit for a manager', () => {
    const links = sidebarLinks('edge', PERMISSION_MATRIX.manager)
    expect(links).toContain('import')
    expect(links).toContain('audit')
    expect(links).not.toContain('policy')
    expect(links).not.toContain('users')
  })

  it('shows users and residency to a cloud admin only', () => {
    expect(sidebarLinks('cloud', PERMISSION_MATRIX.admin)).toEqual(expect.arrayContaining(['users', 'residency']))
    const agentLinks = sidebarLinks('cloud', PERMISSION_MATRIX.agent)
    expect(agentLinks).not.toContain('users')
    expect(agentLinks).not.toContain('residency')
  })
})
