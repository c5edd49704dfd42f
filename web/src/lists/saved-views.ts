/** A named list setup that a user can return to. */
export interface SavedView {
  name: string
  q: string
  sort: string
  filters: Record<string, string>
  columns: string[]
}

const key = (plural: string) => `enclave.views.${plural}`

/** Saved views of one list, kept in this browser. */
export function readViews(plural: string): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key(plural)) ?? '[]') as unknown
    return Array.isArray(parsed) ? (parsed as SavedView[]) : []
  } catch {
    return []
  }
}

/** Adds or replaces the view with the same name and returns the new list. */
export function saveView(plural: string, view: SavedView): SavedView[] {
  const views = [...readViews(plural).filter((other) => other.name !== view.name), view]
  localStorage.setItem(key(plural), JSON.stringify(views))
  return views
}

/** Removes the view called `name` and returns the new list. */
export function deleteView(plural: string, name: string): SavedView[] {
  const views = readViews(plural).filter((other) => other.name !== name)
  localStorage.setItem(key(plural), JSON.stringify(views))
  return views
}
