import { useEffect, useState } from 'preact/hooks'
import type { ErrorParams } from '@enclave/shared/api'
import { findSchemaByPlural } from '@enclave/shared/entities/schemas'
import { RECORD_PLURALS } from '../app/app-context'
import { currentLanguage, t } from '../app/i18n'
import { request } from '../pages/reports/request'
import { readCsrfToken } from '../pages/auth/auth-api'
import { describeRowProblem, errorText, type ErrorReport } from '../app/error-text'
import { fetchOrFail } from '../app/network-error'

interface Batch {
  batchId: string
  status: string
  file: { format: string; sheets?: string[] }
  counts?: { created: number; updated: number; skipped: number; failed: number }
  progress?: { fraction?: number; rowsDone: number }
  rowsDone?: number
  error?: ErrorReport
}

interface Column {
  column: number
  header: string
  field: string | null
  dateFormat?: string
  /** Present for date columns; `ambiguous` means the user must pick one of `candidates`. */
  dateDetection?: { ambiguous: boolean; candidates: string[] }
}

/** Date layouts the importer reads. */
const DATE_FORMATS = ['YYYY-MM-DD', 'DD-MM-YYYY', 'MM-DD-YYYY', 'DD-MM-YY', 'MM-DD-YY', 'YY-MM-DD']

interface Problem {
  row: number
  column?: string
  value?: string
  code: string
  message: string
  params?: ErrorParams
}

type Step = 'upload' | 'map' | 'checked' | 'running' | 'done'
const POLL_MS = 500

/** Countries listed first in the default phone country select; the rest follow by name. */
const COMMON_COUNTRIES = ['CN', 'US', 'GB', 'DE', 'FR', 'IN', 'JP', 'HK', 'SG', 'AU', 'CA']

/**
 * ISO 3166-1 alpha-2 codes of the other countries and territories, kept as one string so the
 * bundle stays small.
 */
const OTHER_COUNTRIES =
  'AD AE AF AG AI AL AM AO AR AS AT AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CC CD CF CG CH CI CK CL CM CO CR CU CV CW CX CY CZ DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO GA GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HN HR HT HU ID IE IL IM IO IQ IR IS IT JE JM JO KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'.split(' ')

const regionNames = new Map<string, Intl.DisplayNames>()

/** Returns the country's name in the current language, or its code where Intl has no name. */
function countryName(code: string): string {
  const language = currentLanguage()
  try {
    if (!regionNames.has(language)) regionNames.set(language, new Intl.DisplayNames([language], { type: 'region' }))
    return regionNames.get(language)!.of(code) ?? code
  } catch {
    return code
  }
}

/** Upload, sheet and header row, mapping, dry run with row errors, run with progress, report, undo. */
export function ImportPage() {
  const [step, setStep] = useState<Step>('upload')
  const [plural, setPlural] = useState('contacts')
  const [file, setFile] = useState<File | null>(null)
  const [batch, setBatch] = useState<Batch | null>(null)
  const [sheet, setSheet] = useState('')
  const [headerRow, setHeaderRow] = useState(1)
  const [columns, setColumns] = useState<Column[]>([])
  const [sample, setSample] = useState<string[][]>([])
  const [onDuplicate, setOnDuplicate] = useState('skip')
  const [defaultCountry, setDefaultCountry] = useState('')
  const [problems, setProblems] = useState<Problem[] | null>(null)
  const [error, setError] = useState('')
  const [status, setStatus] = useState('')
  const schema = findSchemaByPlural(plural)!

  const fail = (failure: unknown) => setError(errorText(failure))
  const body = (country = defaultCountry) => ({
    columns: columns.map(({ column, field, dateFormat }) => ({ column, field, dateFormat })),
    settings: { onDuplicate, defaultCountry: country || undefined },
  })

  const upload = async () => {
    if (!file) return
    setError('')
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' }
    const token = readCsrfToken()
    if (token) headers['x-csrf-token'] = token
    const response = await fetchOrFail(`/api/imports?type=${plural}&fileName=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, headers, credentials: 'same-origin' })
    const parsed = (await response.json()) as Batch & { error?: ErrorReport }
    if (!response.ok) return setError(parsed.error ? errorText(parsed.error) : `upload failed with status ${response.status}`)
    setBatch(parsed)
    await preview(parsed, parsed.file.sheets?.[0] ?? '', 1)
  }

  const preview = async (current: Batch, sheetName: string, row: number) => {
    const result = await request<{ columns: Column[]; sampleRows: string[][] }>('POST', `/api/imports/${current.batchId}/preview`, { sheet: sheetName || undefined, headerRow: row })
    setColumns(result.columns)
    setSample(result.sampleRows.slice(0, 5))
    setSheet(sheetName)
    setHeaderRow(row)
    setStep('map')
  }

  const dryRun = async (country = defaultCountry) => {
    setError('')
    const result = await request<{ problems: Problem[] }>('POST', `/api/imports/${batch!.batchId}/dry-run`, body(country))
    setProblems(result.problems)
    setStep('checked')
  }

  // Numbers without a country code pass or fail by this setting, so rows already checked are checked again.
  const chooseCountry = (country: string) => {
    setDefaultCountry(country)
    if (step === 'checked') dryRun(country).catch(fail)
  }

  const run = async () => {
    setError('')
    setBatch(await request<Batch>('POST', `/api/imports/${batch!.batchId}/run`, body()))
    setStep('running')
  }

  useEffect(() => {
    if (step !== 'running' || !batch) return
    const timer = setInterval(() => {
      request<Batch>('GET', `/api/imports/${batch.batchId}`).then((next) => {
        setBatch(next)
        if (next.status !== 'running') setStep('done')
      }, fail)
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [step, batch?.batchId])

  const undo = async () => {
    const result = await request<{ removed: number; restored: number }>('POST', `/api/imports/${batch!.batchId}/undo`, {})
    setStatus(t('import.undone', result))
  }

  const otherCountries = OTHER_COUNTRIES.map((code) => [code, countryName(code)]).sort((a, b) => a[1]!.localeCompare(b[1]!, currentLanguage()))
  const fraction = batch?.progress?.fraction ?? (step === 'done' ? 1 : 0)
  return (
    <section class="import-page" aria-labelledby="import-title">
      <h1 id="import-title">{t('import.title')}</h1>
      {error ? <p class="field-error" role="alert">{error}</p> : null}
      {step === 'upload' ? (
        <form class="new-record" onSubmit={(event) => { event.preventDefault(); upload().catch(fail) }}>
          <label for="import-type">{t('import.type')}</label>
          <select id="import-type" value={plural} onChange={(event) => setPlural(event.currentTarget.value)}>
            {RECORD_PLURALS.map((name) => <option key={name} value={name}>{t(`nav.${name}`)}</option>)}
          </select>
          <label for="import-file">{t('import.file')}</label>
          <input id="import-file" type="file" accept=".csv,.xlsx,text/csv" onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)} />
          <button type="submit" class="primary" disabled={!file}>{t('import.upload')}</button>
        </form>
      ) : null}
      {step === 'map' || step === 'checked' ? (
        <>
          <div class="inline-form">
            {batch?.file.sheets?.length ? (
              <label class="inline">{t('import.sheet')}
                <select value={sheet} onChange={(event) => preview(batch, event.currentTarget.value, headerRow).catch(fail)}>
                  {batch.file.sheets.map((name) => <option key={name}>{name}</option>)}
                </select>
              </label>
            ) : null}
            <label class="inline">{t('import.headerRow')}
              <input type="number" min={1} value={headerRow} onChange={(event) => preview(batch!, sheet, Number(event.currentTarget.value) || 1).catch(fail)} />
            </label>
            <label class="inline">{t('import.onDuplicate')}
              <select value={onDuplicate} onChange={(event) => setOnDuplicate(event.currentTarget.value)}>
                <option value="skip">{t('import.duplicateSkip')}</option>
                <option value="update">{t('import.duplicateUpdate')}</option>
                <option value="merge">{t('import.duplicateMerge')}</option>
              </select>
            </label>
            <label class="inline">{t('import.country')}
              <select value={defaultCountry} onChange={(event) => chooseCountry(event.currentTarget.value)}>
                <option value="">{t('import.noCountry')}</option>
                <optgroup label={t('import.commonCountries')}>
                  {COMMON_COUNTRIES.map((code) => <option key={code} value={code}>{countryName(code)} ({code})</option>)}
                </optgroup>
                <optgroup label={t('import.allCountries')}>
                  {otherCountries.map(([code, name]) => <option key={code} value={code}>{name} ({code})</option>)}
                </optgroup>
              </select>
            </label>
          </div>
          <p class="muted">{t('import.countryHint')}</p>
          <h2>{t('import.mapping')}</h2>
          <table class="grid mapping">
            <thead><tr><th scope="col">{t('import.column')}</th><th scope="col">{t('import.field')}</th><th scope="col">{t('import.dateFormat')}</th><th scope="col">{t('import.preview')}</th></tr></thead>
            <tbody>
              {columns.map((column, index) => (
                <tr key={column.column} data-column={column.header}>
                  <td>{column.header}</td>
                  <td>
                    <select aria-label={`${t('import.field')}: ${column.header}`} value={column.field ?? ''} onChange={(event) => {
                      const next = [...columns]
                      next[index] = { ...column, field: event.currentTarget.value || null }
                      setColumns(next)
                      setStep('map')
                    }}>
                      <option value="">{t('import.skip')}</option>
                      {plural === 'contacts' ? <option value="fullName">{t('import.fullName')}</option> : null}
                      {plural !== 'companies' ? <option value="companyName">{t('import.companyName')}</option> : null}
                      {schema.fields.map((field) => <option key={field.name} value={field.name}>{field.label}</option>)}
                    </select>
                  </td>
                  <td>
                    {column.dateDetection || column.dateFormat ? (
                      <select aria-label={`${t('import.dateFormat')}: ${column.header}`} value={column.dateFormat ?? ''} aria-invalid={column.dateDetection?.ambiguous && !column.dateFormat ? true : undefined} onChange={(event) => {
                        const next = [...columns]
                        next[index] = { ...column, dateFormat: event.currentTarget.value || undefined }
                        setColumns(next)
                        setStep('map')
                      }}>
                        <option value="" />
                        {(column.dateDetection?.candidates.length ? column.dateDetection.candidates : DATE_FORMATS).map((format) => <option key={format}>{format}</option>)}
                      </select>
                    ) : null}
                  </td>
                  <td class="muted">{sample.map((row) => row[column.column] ?? '').filter(Boolean).slice(0, 3).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => dryRun().catch(fail)}>{t('import.dryRun')}</button>
          {step === 'checked' && problems ? (
            <section>
              <h2>{t('import.problems')}</h2>
              {problems.length === 0 ? <p data-testid="no-problems">{t('import.noProblems')}</p> : (
                <ul class="problems">{problems.map((problem, index) => <li key={index}>{describeRowProblem(problem)}</li>)}</ul>
              )}
              <a class="button" href={`/api/imports/${batch!.batchId}/rejected`} download>{t('import.rejected')}</a>{' '}
              <button type="button" class="primary" onClick={() => run().catch(fail)}>{t('import.run')}</button>
            </section>
          ) : null}
        </>
      ) : null}
      {step === 'running' || step === 'done' ? (
        <section>
          <h2>{step === 'done' ? t('import.report') : t('import.progress')}</h2>
          <progress max={1} value={fraction} aria-label={t('import.progress')} />
          {batch?.counts ? <p data-testid="import-counts">{t('import.counts', batch.counts)}</p> : null}
          {batch?.error ? <p class="field-error" role="alert">{errorText(batch.error)}</p> : null}
          {step === 'done' ? (
            <>
              <a class="button" href={`/api/imports/${batch!.batchId}/rejected`} download>{t('import.rejected')}</a>{' '}
              <button type="button" onClick={() => undo().catch(fail)}>{t('import.undo')}</button>{' '}
              <button type="button" onClick={() => { setStep('upload'); setBatch(null); setProblems(null); setStatus('') }}>{t('import.again')}</button>
            </>
          ) : null}
          <p role="status" aria-live="polite">{status}</p>
        </section>
      ) : null}
    </section>
  )
}
