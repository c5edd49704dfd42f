import type { EntityType } from '../entities/fields'

/**
 * Types whose full-text search matches personal fields: contacts are found by name, email,
 * phone and city. Roles without `read_personal` may not search them, or a search for an email
 * address would confirm it belongs to a contact.
 *
 * NOTE: mirrors the search fields in edge-agent/src/records/record-index.ts; update both together.
 */
export const SEARCH_READS_PERSONAL_FIELDS: readonly EntityType[] = ['contact']
