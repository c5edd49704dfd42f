// Characters that make a spreadsheet program read a cell as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Escapes a cell for a spreadsheet: a value starting with `=`, `+`, `-`, `@`, tab or carriage
 * return gets a leading apostrophe, which spreadsheet programs show as text. Import removes
 * the apostrophe again, so export then import keeps the value.
 *
 * @example escapeCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function escapeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}
