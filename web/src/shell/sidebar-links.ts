import type { Action } from '@enclave/shared/auth/roles'

const EDGE_LINKS = ['contacts', 'companies', 'deals', 'pipeline', 'activities', 'tasks', 'tickets', 'import', 'reports', 'segments', 'campaigns', 'policy', 'audit', 'users']
const CLOUD_LINKS = ['contacts', 'companies', 'deals', 'pipeline', 'activities', 'tasks', 'tickets', 'reports', 'residency', 'users']

/**
 * Action a sidebar page needs, for the pages that a role may lack. The cloud's residency
 * audit serves cloud admins only, and `manage_sites` is an action that only admins hold.
 */
export const LINK_ACTIONS: Readonly<Record<string, Action>> = {
  import: 'import',
  policy: 'change_policy',
  audit: 'view_audit',
  residency: 'manage_sites',
  users: 'manage_users',
}

/** Lists the sidebar pages of `tier` that a user with `actions` may open. */
export function sidebarLinks(tier: 'edge' | 'cloud', actions: readonly Action[]): string[] {
  const links = tier === 'edge' ? EDGE_LINKS : CLOUD_LINKS
  return links.filter((name) => {
    const needed = LINK_ACTIONS[name]
    return needed === undefined || actions.includes(needed)
  })
}

/** Returns the i18n key of a sidebar page's label. */
export function linkLabelKey(name: string): string {
  return name === 'users' ? 'users.title' : `nav.${name}`
}
