import type { ErrorParams } from '@enclave/shared/api'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import type { EntityType } from '@enclave/shared/entities/fields'
import { ERROR_CATALOGUE, NOUNS } from './error-catalogue'
import { fieldLabelByName } from './field-labels'
import { currentLanguage } from './i18n'

/** An error as the server or a shared validator reports it. */
export interface ErrorReport {
  code: string
  /** English text, shown when the catalogue has no sentence for the code. */
  message: string
  params?: ErrorParams
}

type Language = keyof typeof ERROR_CATALOGUE

const PLACEHOLDER = /\{(\w+)(?:\|(\w+))?\}/g

function language(): Language {
  return currentLanguage().startsWith('zh') ? 'zh-CN' : 'en'
}

/** Returns the catalogue key of an error: `code.reason` when the params name a reason. */
export function catalogueKey(error: ErrorReport): string {
  const reason = error.params?.reason
  return typeof reason === 'string' ? `${error.code}.${reason}` : error.code
}

function noun(value: string, lang: Language): string {
  return NOUNS[lang][value] ?? value.replaceAll('_', ' ')
}

function typeOf(params: ErrorParams): EntityType | undefined {
  const type = params.type
  return typeof type === 'string' && type in ENTITY_SCHEMAS ? (type as EntityType) : undefined
}

function joinList(items: readonly string[], lang: Language, type: 'disjunction' | 'unit'): string {
  if (type === 'unit') return items.join(lang === 'en' ? ', ' : '、')
  // British English writes "a, b or c" without a serial comma, as the server's messages do.
  return new Intl.ListFormat(lang === 'en' ? 'en-GB' : lang, { type }).format(items)
}

/** Formats one placeholder, or returns undefined when the params lack its value. */
function formatValue(params: ErrorParams, name: string, format: string | undefined, lang: Language): string | undefined {
  const value = params[name]
  if (value === undefined) return undefined
  const items = typeof value === 'object' ? [...value] : undefined

  if (format === 'noun' && typeof value === 'string') return noun(value, lang)
  if (format === 'labels' && items) {
    const type = typeOf(params)
    return joinList(items.map((field) => fieldLabelByName(field, type)), lang, 'disjunction')
  }
  if (format === 'or' && items) return joinList(items, lang, 'disjunction')
  if (items) return joinList(items, lang, 'unit')
  return String(value)
}

/** Fills a template, or returns undefined when a placeholder has no value in the params. */
function fill(template: string, params: ErrorParams, lang: Language): string | undefined {
  let complete = true
  const text = template.replace(PLACEHOLDER, (_whole, name: string, format: string | undefined) => {
    const value = formatValue(params, name, format, lang)
    if (value === undefined) complete = false
    return value ?? ''
  })
  return complete ? text : undefined
}

function withLabel(params: ErrorParams): ErrorParams {
  const { field, label } = params
  if (typeof field !== 'string' || typeof label !== 'string') return params
  return { ...params, label: fieldLabelByName(field, typeOf(params), label) }
}

/**
 * Writes an error in the app's language from its code and params. Falls back to the English
 * `message` for a code the catalogue lacks or params that lack a value the sentence needs.
 *
 * @example describeError({ code: 'invalid_email', message, params: { value: 'ada@' } }) // “ada@”不是有效的电子邮件地址…
 */
export function describeError(error: ErrorReport): string {
  const lang = language()
  const catalogue: Record<string, string> = ERROR_CATALOGUE[lang]
  const template = catalogue[catalogueKey(error)]
  if (template === undefined) return error.message
  return fill(template, withLabel(error.params ?? {}), lang) ?? error.message
}

/**
 * Writes the error of one form field: the sentence with the field's label in front, unless
 * the sentence names the label itself ("Email is required").
 */
export function describeFieldError(error: ErrorReport): string {
  const text = describeError(error)
  const params = withLabel(error.params ?? {})
  if (text === error.message || typeof params.label !== 'string') return text

  const key = catalogueKey(error)
  const catalogue: Record<string, string> = ERROR_CATALOGUE[language()]
  if (catalogue[key]?.includes('{label}')) return text
  return language() === 'en' ? `${params.label}: ${text}` : `${params.label}：${text}`
}

/** A problem of one import row, as the dry run and the run report it. */
export interface RowProblemReport extends ErrorReport {
  row: number
  column?: string
  value?: string
}

/** Writes an import row problem with its row and column in front, as the server's English does. */
export function describeRowProblem(problem: RowProblemReport): string {
  const params: ErrorParams = { row: problem.row, ...(problem.value ? { value: problem.value } : {}), ...problem.params }
  if (problem.column) params.column = problem.column
  const text = describeError({ code: problem.code, message: problem.message, params })
  if (text === problem.message) return text

  const key = catalogueKey({ code: problem.code, message: problem.message, params })
  const catalogue: Record<string, string> = ERROR_CATALOGUE[language()]
  if (catalogue[key]?.includes('{row}')) return text
  if (language() === 'en') return problem.column ? `row ${problem.row}, column '${problem.column}': ${text}` : `row ${problem.row}: ${text}`
  return problem.column ? `第 ${problem.row} 行，“${problem.column}”列：${text}` : `第 ${problem.row} 行：${text}`
}

/**
 * Writes any caught failure for the user: an API error by its code and params, a failed
 * connection by its own sentence, anything else by its message.
 */
export function errorText(failure: unknown): string {
  if (typeof failure === 'object' && failure !== null && 'code' in failure && 'message' in failure) {
    const { code, message, params } = failure as { code: unknown; message: unknown; params?: ErrorParams }
    if (typeof code === 'string' && typeof message === 'string') return describeError({ code, message, params })
  }
  return failure instanceof Error ? failure.message : String(failure)
}
