/** Deepest nesting of objects and arrays a JSON body may have. */
export const MAX_JSON_DEPTH = 32

/** Keys that would change an object's prototype when copied with assignment or merge. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** A problem found in a parsed JSON value, with the path to it (`$.a.b[2]`). */
export interface JsonProblem {
  path: string
  reason: 'too_deep' | 'forbidden_key'
}

/**
 * Finds the first nesting deeper than `maxDepth` or key that could pollute prototypes in a
 * parsed JSON value. `JSON.parse` itself creates `__proto__` as an own key, but code that later
 * spreads or merges the value could still act on it, so such bodies are rejected at the door.
 */
export function findJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '$', depth: 0 }]

  while (stack.length > 0) {
    const current = stack.pop()!
    if (current.value === null || typeof current.value !== 'object') continue
    if (current.depth >= maxDepth) return { path: current.path, reason: 'too_deep' }

    if (Array.isArray(current.value)) {
      current.value.forEach((item, index) => {
        stack.push({ value: item, path: `${current.path}[${index}]`, depth: current.depth + 1 })
      })
      continue
    }
    for (const key of Object.keys(current.value)) {
      const path = `${current.path}.${key}`
      if (FORBIDDEN_KEYS.has(key)) return { path, reason: 'forbidden_key' }
      stack.push({ value: (current.value as Record<string, unknown>)[key], path, depth: current.depth + 1 })
    }
  }
  return undefined
}
