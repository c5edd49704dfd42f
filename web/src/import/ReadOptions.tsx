import { t } from '../app/i18n'
import { sheetNames, type Batch, type ReadChoice } from './import-api'

/** Text encodings the edge reads, as `POST /api/imports/:id/preview` accepts them. */
const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'windows-1252']

interface Props {
  batch: Batch
  choice: ReadChoice
  onChange: (next: ReadChoice) => void
}

/** Shows the read options of the uploaded file: sheet of a workbook, header row and encoding of a CSV file. */
export function ReadOptions({ batch, choice, onChange }: Props) {
  const sheets = sheetNames(batch)
  const encoding = choice.encoding ?? batch.file.encoding ?? 'utf-8'

  return (
    <div class="inline-form">
      {sheets.length > 0 ? (
        <label class="inline">{t('import.sheet')}
          <select value={choice.sheet ?? sheets[0]} onChange={(event) => onChange({ ...choice, sheet: event.currentTarget.value })}>
            {sheets.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
      ) : null}
      <label class="inline">{t('import.headerRow')}
        <input type="number" min={1} value={choice.headerRow} onChange={(event) => onChange({ ...choice, headerRow: Number(event.currentTarget.value) || 1 })} />
      </label>
      {batch.file.format === 'csv' ? (
        <label class="inline">{t('import.encoding')}
          <select value={encoding} onChange={(event) => onChange({ ...choice, encoding: event.currentTarget.value })}>
            {ENCODINGS.map((name) => <option key={name} value={name}>{t(`import.encodings.${name}`)}</option>)}
          </select>
        </label>
      ) : null}
    </div>
  )
}
