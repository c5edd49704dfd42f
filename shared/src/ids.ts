import { monotonicFactory } from 'ulidx'
import type { EntityType } from './entities/fields'

const nextUlid = monotonicFactory()

/** Creates a document id `<type>:<ULID>`: unique, and sorted by creation time. */
export function newId(type: string): string {
  return `${type}:${nextUlid()}`
}

/** Returns the type prefix of an id (`contact` for `contact:01J...`), or undefined. */
export function typeOfId(id: string): string | undefined {
  const colon = id.indexOf(':')
  return colon > 0 ? id.slice(0, colon) : undefined
}

export function isIdOfType(id: unknown, type: EntityType): id is string {
  return typeof id === 'string' && id.startsWith(`${type}:`) && id.length > type.length + 1
}
