import { currentLanguage } from './i18n'

/**
 * Formats an ISO timestamp as a medium date and short time in the app's language, the format
 * the record lists use. Returns the input unchanged when it is no valid timestamp.
 *
 * @example formatDateTime('2026-12-04T20:52:42Z') // 'Dec 4, 2026, 8:52 PM' in English
 */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(time)
}

/** Formats a count with the thousands separator of the app's language. */
export function formatCount(count: number): string {
  return new Intl.NumberFormat(currentLanguage()).format(count)
}
