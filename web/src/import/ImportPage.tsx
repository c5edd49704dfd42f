import { useEffect, useState } from 'preact/hooks'
import { findSchemaByPlural } from '@enclave/shared/entities/schemas'
import { RECORD_PLURALS } from '../app/app-context'
import { currentLanguage, t } from '../app/i18n'
import { RequestError } from '../pages/reports/request'
import { errorText } from '../app/error-text'
import { DryRunReport } from './DryRunReport'
import { importApi, sheetNames, type Batch, type Column, type DryRunResult, type PreviewResult, type ReadChoice, type SavedMapping } from './import-api'
import { defaultSettings, planBody, settingsFromSaved, type SettingsState } from './import-settings'
import { ImportSettingsForm } from './ImportSettingsForm'
import { MappingTable } from './MappingTable'
import { ReadOptions } from './ReadOptions'
import { isUnderWay, POLL_MS } from './import-progress'
import { RunReport } from './RunReport'
import { SavedMappingPicker } from './SavedMappingPicker'

type Step = 'upload' | 'map' | 'checked' | 'running' | 'done'

/** Returns when an earlier batch finished, in the current language, or its id when unknown. */
function describeEarlier(earlier: Batch): string {
  const date = earlier.finishedAt ?? earlier.createdAt
  if (!date) return earlier.batchId
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(date))
}

/** A preview request's result, or the failure that the mapping step shows next to the read options. */
type PreviewOutcome = { result: PreviewResult } | { failure: unknown }

/** Returns whether a preview failed because the sheet has no header or no data rows, so another sheet may have them. */
function isEmptyTable(outcome: PreviewOutcome): boolean {
  return 'failure' in outcome && outcome.failure instanceof RequestError && (outcome.failure.code === 'no_rows' || outcome.failure.code === 'no_header')
}

async function fetchPreview(batchId: string, choice: ReadChoice): Promise<PreviewOutcome> {
  try {
    return { result: await importApi.preview(batchId, choice) }
  } catch (failure) {
    return { failure }
  }
}

/** Upload, read options, mapping and settings, dry run with row errors, run with progress, report, undo. */
export function ImportPage() {
  const [step, setStep] = useState<Step>('upload')
  const [plural, setPlural] = useState('contacts')
  const [file, setFile] = useState<File | null>(null)
  const [batch, setBatch] = useState<Batch | null>(null)
  const [choice, setChoice] = useState<ReadChoice>({ headerRow: 1 })
  const [columns, setColumns] = useState<Column[]>([])
  const [sample, setSample] = useState<string[][]>([])
  const [earlier, setEarlier] = useState<Batch | null>(null)
  const schema = findSchemaByPlural(plural)!
  const [settings, setSettings] = useState<SettingsState>(() => defaultSettings(schema.type))
  const [dryRunResult, setDryRunResult] = useState<DryRunResult | null>(null)
  const [error, setError] = useState('')
  const [previewError, setPreviewError] = useState('')
  const [status, setStatus] = useState('')

  const fail = (failure: unknown) => setError(errorText(failure))

  const upload = async () => {
    if (!file) return
    setError('')
    const parsed = await importApi.upload(plural, file)
    setBatch(parsed)
    setSettings(defaultSettings(schema.type))
    await openFirstSheetWithRows(parsed)
  }

  /**
   * Previews the first sheet, or for a workbook whose first sheets have no rows, the first sheet
   * that has some. When none has, the first sheet is shown with its error, so that the user can
   * choose another header row.
   */
  const openFirstSheetWithRows = async (current: Batch) => {
    const sheets = sheetNames(current)
    const first: ReadChoice = { sheet: sheets[0], headerRow: 1 }
    const firstOutcome = await fetchPreview(current.batchId, first)
    if (isEmptyTable(firstOutcome)) {
      for (const sheet of sheets.slice(1)) {
        const next: ReadChoice = { sheet, headerRow: 1 }
        const outcome = await fetchPreview(current.batchId, next)
        if ('result' in outcome) {
          await showPreview(next, outcome)
          setStatus(t('import.sheetSkipped', { sheet }))
          return
        }
      }
    }
    await showPreview(first, firstOutcome)
  }

  const preview = async (current: Batch, next: ReadChoice) => {
    setError('')
    setStatus('')
    await showPreview(next, await fetchPreview(current.batchId, next))
  }

  // A failed preview still opens the mapping step, because its read options are what fixes the failure.
  const showPreview = async (next: ReadChoice, outcome: PreviewOutcome) => {
    setChoice(next)
    setDryRunResult(null)
    setStep('map')
    if ('failure' in outcome) {
      setPreviewError(errorText(outcome.failure))
      setColumns([])
      setSample([])
      setEarlier(null)
      return
    }
    const { result } = outcome
    setPreviewError('')
    setBatch(result.batch)
    setColumns(result.columns)
    setSample(result.sampleRows.slice(0, 5))
    setEarlier(result.earlierBatchId ? await importApi.get(result.earlierBatchId) : null)
  }

  const applySavedMapping = async (mapping: SavedMapping | undefined) => {
    if (mapping) setSettings(settingsFromSaved(settings, mapping.settings))
    await preview(batch!, { ...choice, mappingId: mapping?.id })
  }

  const dryRun = async (current = settings) => {
    setError('')
    setDryRunResult(await importApi.dryRun(batch!.batchId, planBody(columns, current)))
    setStep('checked')
  }

  // Settings decide which rows pass, so rows already checked are checked again.
  const changeSettings = (next: SettingsState) => {
    setSettings(next)
    if (step === 'checked') dryRun(next).catch(fail)
  }

  const changeColumns = (next: Column[]) => {
    setColumns(next)
    setStep('map')
  }

  const run = async () => {
    setError('')
    setBatch(await importApi.run(batch!.batchId, planBody(columns, settings)))
    setStep('running')
  }

  // The batch of a file that cannot be read is deleted, so it does not wait for the retention check.
  const chooseAnotherFile = async () => {
    setError('')
    await importApi.remove(batch!.batchId)
    startAgain()
  }

  const startAgain = () => {
    setStep('upload')
    setBatch(null)
    setDryRunResult(null)
    setEarlier(null)
    setPreviewError('')
    setStatus('')
  }

  useEffect(() => {
    if (step !== 'running' || !batch) return
    const timer = setInterval(() => {
      importApi.get(batch.batchId).then((next) => {
        setBatch(next)
        // A queued batch runs once the imports before it end, so it is still under way.
        if (!isUnderWay(next)) setStep('done')
      }, fail)
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [step, batch?.batchId])

  return (
    <section class="import-page" aria-labelledby="import-title">
      <div class="toolbar">
        <h1 id="import-title">{t('import.title')}</h1>
        <a href="/import/history">{t('importHistory.title')}</a>
      </div>
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
      {(step === 'map' || step === 'checked') && batch ? (
        <>
          {earlier ? <p class="notice" role="note" data-testid="earlier-import">{t('import.earlier', { date: describeEarlier(earlier) })}</p> : null}
          <ReadOptions batch={batch} choice={choice} onChange={(next) => preview(batch, next).catch(fail)} />
          {previewError ? (
            <>
              <p class="field-error" role="alert" data-testid="preview-error">{previewError}</p>
              <button type="button" onClick={() => chooseAnotherFile().catch(fail)}>{t('import.otherFile')}</button>
            </>
          ) : (
            <>
              <SavedMappingPicker
                type={schema.type}
                selectedId={choice.mappingId}
                onApply={(mapping) => applySavedMapping(mapping).catch(fail)}
                current={(name) => ({
                  name,
                  type: schema.type,
                  columns: columns.map(({ header, field, dateFormat }) => ({ header, field, dateFormat })),
                  settings: planBody(columns, settings).settings,
                })}
                onStatus={setStatus}
                onError={fail}
              />
              <ImportSettingsForm type={schema.type} columns={columns} settings={settings} onChange={changeSettings} />
              <h2>{t('import.mapping')}</h2>
              <MappingTable type={schema.type} columns={columns} sample={sample} onChange={changeColumns} />
              <button type="button" onClick={() => dryRun().catch(fail)}>{t('import.dryRun')}</button>
              {step === 'checked' && dryRunResult ? <DryRunReport batchId={batch.batchId} result={dryRunResult} onRun={() => run().catch(fail)} /> : null}
            </>
          )}
          <p role="status" aria-live="polite">{status}</p>
        </>
      ) : null}
      {(step === 'running' || step === 'done') && batch ? <RunReport batch={batch} finished={step === 'done'} onAgain={startAgain} /> : null}
    </section>
  )
}
