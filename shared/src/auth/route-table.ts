import type { Action } from './roles'

/**
 * What a route requires: an action of the permission matrix, `session` (any signed-in user)
 * or `public` (anyone, such as sign-in itself).
 */
export type RouteRequirement = Action | 'session' | 'public'

/** One row of a tier's route permission table. */
export interface RoutePermission {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Hono-style path: `/api/contacts/:id`; a trailing `/*` matches any deeper path. */
  path: string
  requires: RouteRequirement
}

interface CompiledRoute extends RoutePermission {
  pattern: RegExp
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function compilePath(path: string): RegExp {
  const wildcard = path.endsWith('/*')
  const segments = (wildcard ? path.slice(0, -2) : path).split('/').map((segment) =>
    segment.startsWith(':') ? '[^/]+' : escapeForRegExp(segment),
  )
  return new RegExp(`^${segments.join('/')}${wildcard ? '(?:/.*)?' : ''}/?$`)
}

/**
 * A lookup over a route permission table. A request that matches no row is denied: the table
 * is the one place that grants access, so a route nobody registered is closed to everyone.
 *
 * @example new RouteTable(rows).find('GET', '/api/contacts/contact:01J...')?.requires // 'read'
 */
export class RouteTable {
  private readonly routes: CompiledRoute[]

  constructor(rows: readonly RoutePermission[]) {
    this.routes = rows.map((row) => ({ ...row, pattern: compilePath(row.path) }))
  }

  /** Finds the first row for the method and path; HEAD is looked up as GET. */
  find(method: string, path: string): RoutePermission | undefined {
    const wanted = method === 'HEAD' ? 'GET' : method
    return this.routes.find((route) => route.method === wanted && route.pattern.test(path))
  }

  /** Returns the methods of the rows whose path matches, such as ['GET', 'PATCH']. */
  methodsFor(path: string): string[] {
    return [...new Set(this.routes.filter((route) => route.pattern.test(path)).map((route) => route.method))]
  }

  /** Returns the rows, for tests and for the UI's permission listing. */
  rows(): RoutePermission[] {
    return this.routes.map(({ method, path, requires }) => ({ method, path, requires }))
  }
}
