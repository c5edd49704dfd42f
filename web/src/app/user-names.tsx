import { useEffect, useState } from 'preact/hooks'
import { request } from '../pages/reports/request'

/** Display names by user id, as `GET /api/user-names` returns them for every signed-in role. */
export type UserNames = Readonly<Record<string, string>>

const USER_ID_PREFIX = 'user:'

let loading: Promise<UserNames> | undefined

/**
 * Fetches the names once per page load and shares them between components. A failed request
 * is forgotten, so the next component that mounts tries again.
 */
function loadUserNames(): Promise<UserNames> {
  loading ??= request<{ names: UserNames }>('GET', '/api/user-names')
    .then((body) => body.names)
    .catch((error: unknown) => {
      loading = undefined
      throw error
    })
  return loading
}

/** Forgets the loaded names, so that a user created or renamed since shows up. */
export function forgetUserNames(): void {
  loading = undefined
}

/**
 * Returns the display name of user `id`: the name from `names`, or else the id without its
 * `user:` prefix (a user of the other tier, or a deleted one).
 */
export function userDisplayName(names: UserNames, id: string): string {
  const name = Object.hasOwn(names, id) ? names[id] : undefined
  if (name) return name
  return id.startsWith(USER_ID_PREFIX) ? id.slice(USER_ID_PREFIX.length) : id
}

/** Returns the display names of this tier's users, empty until they arrive or when the request fails. */
export function useUserNames(): UserNames {
  const [names, setNames] = useState<UserNames>({})

  useEffect(() => {
    let mounted = true
    loadUserNames()
      .then((loaded) => {
        if (mounted) setNames(loaded)
      })
      .catch(() => {
        // The ids without their prefix stay shown, which is readable enough.
      })
    return () => {
      mounted = false
    }
  }, [])

  return names
}

/** Shows the display name of user `id`. */
export function UserName({ id }: { id: string }) {
  const names = useUserNames()
  return <>{userDisplayName(names, id)}</>
}
