import { describe, expect, it } from 'vitest'
import { RouteTable } from './route-table'

describe('RouteTable', () => {
  const table = new RouteTable([
    { method: 'GET', path: '/api/contacts', requires: 'read' },
    { method: 'GET', path: '/api/contacts/:id', requires: 'read' },
    { method: 'DELETE', path: '/api/contacts/:id', requires: 'delete' },
    { method: 'GET', path: '/api/files/*', requires: 'export' },
  ])

  it('matches a parameter', () => {
    expect(table.find('GET', '/api/contacts/contact:01J')?.requires).toBe('read')
    expect(table.find('DELETE', '/api/contacts/contact:01J')?.requires).toBe('delete')
  })

  it('accepts a trailing slash', () => {
    expect(table.find('GET', '/api/contacts/')?.requires).toBe('read')
  })

  it('treats HEAD as GET', () => {
    expect(table.find('HEAD', '/api/contacts')?.requires).toBe('read')
  })

  it('denies what is not listed', () => {
    expect(table.find('POST', '/api/contacts')).toBeUndefined()
    expect(table.find('GET', '/api/contacts/a/b')).toBeUndefined()
    expect(table.find('GET', '/api/contactsx')).toBeUndefined()
  })

  it('matches a wildcard at any depth', () => {
    expect(table.find('GET', '/api/files/a/b/c')?.requires).toBe('export')
    expect(table.find('GET', '/api/files')?.requires).toBe('export')
  })
})
