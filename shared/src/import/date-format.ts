import { isValidDate } from '../entities/values'

/**
 * Orders of day, month and year that imported dates come in. The separator between the parts
 * may be `-`, `/`, `.` or a space, whatever the name shows; `2021年3月4日` reads as `2021-3-4`.
 */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD-MM-YYYY', 'MM-DD-YYYY', 'DD-MM-YY', 'MM-DD-YY', 'YY-MM-DD'] as const
export type DateFormat = (typeof DATE_FORMATS)[number]

/**
 * Formats that detection considers. `YY-MM-DD` is left out because almost every `DD-MM-YY`
 * column also reads as it; users who have such a file choose it explicitly.
 */
const DETECTED_FORMATS: readonly DateFormat[] = ['YYYY-MM-DD', 'DD-MM-YYYY', 'MM-DD-YYYY', 'DD-MM-YY', 'MM-DD-YY']

/** Two-digit years up to this value are read as 20YY, later ones as 19YY. */
const TWO_DIGIT_YEAR_PIVOT = 69

const PARTS = /^(\d{1,4})[-/. ](\d{1,2})[-/. ](\d{1,4})$/

export function isDateFormat(value: unknown): value is DateFormat {
  return typeof value === 'string' && (DATE_FORMATS as readonly string[]).includes(value)
}

function expandYear(text: string, digits: 2 | 4): number | undefined {
  if (text.length !== digits) return undefined
  const year = Number(text)
  if (digits === 4) return year
  return year <= TWO_DIGIT_YEAR_PIVOT ? 2000 + year : 1900 + year
}

function normaliseSeparators(text: string): string {
  return text.trim().replace(/年|月/g, '-').replace(/日$/, '')
}

function datePartOf(text: string): string {
  return normaliseSeparators(text).split(/[T ](?=\d{1,2}:)/)[0] ?? ''
}

/**
 * Returns whether `text` is written as a date, valid or not: three numbers with a four-digit year
 * first or last (or three of at most two digits), a month of at most 12 and a day of at most 31.
 * `31/02/2000` is date-shaped though no format reads it, while `0123 45 6789` is not.
 */
export function isDateShaped(text: string): boolean {
  const match = PARTS.exec(datePartOf(text))
  if (!match) return false

  const [first = '', second = '', third = ''] = match.slice(1)
  let dayAndMonth: number[]
  if (first.length === 4) dayAndMonth = [Number(second), Number(third)]
  else if (third.length === 4 || [first, second, third].every((part) => part.length <= 2)) dayAndMonth = [Number(first), Number(second)]
  else return false
  return dayAndMonth.every((part) => part >= 1 && part <= 31) && dayAndMonth.some((part) => part <= 12)
}

/**
 * Parses `text` as a date written in `format` and returns it as `YYYY-MM-DD`, or undefined when
 * it is not a valid date in that format. A time after the date (`2021-03-04 14:30`) is ignored.
 *
 * @example parseDateAs('04/03/2021', 'DD-MM-YYYY') // '2021-03-04'
 */
export function parseDateAs(text: string, format: DateFormat): string | undefined {
  const match = PARTS.exec(datePartOf(text))
  if (!match) return undefined

  const [first = '', second = '', third = ''] = match.slice(1)
  const digits = format.includes('YYYY') ? 4 : 2
  let year: number | undefined
  let month: number
  let day: number
  if (format.startsWith('Y')) {
    year = expandYear(first, digits)
    month = Number(second)
    day = Number(third)
  } else if (format.startsWith('DD')) {
    day = Number(first)
    month = Number(second)
    year = expandYear(third, digits)
  } else {
    month = Number(first)
    day = Number(second)
    year = expandYear(third, digits)
  }

  if (year === undefined || !isValidDate(year, month, day)) return undefined
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Returns the formats that detection considers and that read `text` as a valid date. */
export function formatsThatRead(text: string): DateFormat[] {
  return DETECTED_FORMATS.filter((format) => parseDateAs(text, format) !== undefined)
}

/** What detection found for one column of dates. */
export interface DateFormatDetection {
  /** The one format that reads every value, or undefined when none or several do. */
  format?: DateFormat
  /**
   * Every format that reads all the values that any format reads. More than one means the user
   * must choose. A value that no format reads, such as `31/02/2000`, is invalid in every format.
   */
  candidates: DateFormat[]
  ambiguous: boolean
  /** Non-empty values looked at. */
  checked: number
}

/**
 * Finds the format of a column of dates. A column where several formats read every value
 * (`03/04/2021` alone) is flagged as ambiguous rather than guessed. Values that no format reads
 * are left out, so one invalid date such as `31/02/2000` does not hide the format of the rest.
 *
 * @example detectDateFormat(['26-08-2020', '03-04-2021']).format // 'DD-MM-YYYY'
 */
export function detectDateFormat(values: readonly string[]): DateFormatDetection {
  const texts = values.map((value) => value.trim()).filter((value) => value !== '')
  if (texts.length === 0) return { candidates: [], ambiguous: false, checked: 0 }

  const readable = texts.filter((text) => formatsThatRead(text).length > 0)
  const candidates = readable.length === 0 ? [] : DETECTED_FORMATS.filter((format) => readable.every((text) => parseDateAs(text, format) !== undefined))
  const ambiguous = candidates.length > 1
  return { format: candidates.length === 1 ? candidates[0] : undefined, candidates, ambiguous, checked: texts.length }
}
