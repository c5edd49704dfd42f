import { describeRowProblem } from '../app/error-text'
import { currentLanguage, t } from '../app/i18n'
import { importApi, type DryRunResult } from './import-api'

interface Props {
  batchId: string
  result: DryRunResult
  onRun: () => void
}

/** Result of a dry run: what the import would do, the first problems and the start button, disabled when no row would be written. */
export function DryRunReport({ batchId, result, onRun }: Props) {
  const number = new Intl.NumberFormat(currentLanguage())
  const { counts, problems } = result
  // The button names the rows that the run would write, not every row read.
  const imported = counts.created + counts.updated

  return (
    <section>
      <h2>{t('import.problems')}</h2>
      <p data-testid="dry-run-counts">
        {t('import.wouldCount', {
          rows: number.format(result.rowsDone),
          created: number.format(counts.created),
          updated: number.format(counts.updated),
          skipped: number.format(counts.skipped),
          failed: number.format(counts.failed),
        })}
        {counts.companiesCreated ? ` ${t('import.companiesWould', { count: counts.companiesCreated })}` : null}
      </p>
      {problems.length === 0 ? <p data-testid="no-problems">{t('import.noProblems')}</p> : (
        <ul class="problems">{problems.map((problem, index) => <li key={index}>{describeRowProblem(problem)}</li>)}</ul>
      )}
      {result.problemsTruncated ? (
        <p role="note" data-testid="problems-truncated">
          {t('import.truncated', { shown: number.format(problems.length), failed: number.format(counts.failed) })}
        </p>
      ) : null}
      {counts.failed > 0 ? <><a class="button" href={importApi.rejectedUrl(batchId)} download>{t('import.rejected')}</a>{' '}</> : null}
      {imported > 0 ? (
        <button type="button" class="primary" onClick={onRun}>
          {t('import.runRows', { count: imported, rows: number.format(imported) })}
        </button>
      ) : (
        <>
          <button type="button" class="primary" disabled aria-describedby="nothing-to-import">{t('import.run')}</button>
          <p id="nothing-to-import" role="note" data-testid="nothing-to-import">{t('import.nothingToImport')}</p>
        </>
      )}
    </section>
  )
}
