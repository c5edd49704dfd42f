import type { ImpactPreview } from '@enclave/shared/policy/impact'
import { fieldLabelByName } from '../../app/field-labels'
import { formatCount } from '../../app/locale-format'
import { policyTerm, policyText } from './policy-text'

/** Lists each field whose cloud value differs between the two projections. */
function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  const hidden = new Set(['_id', 'type', 'createdAt', 'updatedAt', 'stamps', 'residency'])
  return [...names].filter((name) => !hidden.has(name) && JSON.stringify(before?.[name]) !== JSON.stringify(after?.[name]))
}

function show(value: unknown): string {
  if (value === undefined) return policyText('notSent')
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Renders the impact preview: how many cloud documents change, with before/after examples. */
export function ImpactPanel({ preview }: { preview: ImpactPreview }) {
  return (
    <section class="impact" data-testid="impact">
      <h3>{policyText('impactTitle')}</h3>
      <p data-testid="impact-summary">
        {policyText('impactSummary', { changed: formatCount(preview.documentsChanged), scanned: formatCount(preview.documentsScanned) })}
        {preview.documentsRemoved > 0 ? policyText('impactRemoved', { count: formatCount(preview.documentsRemoved) }) : ''}
        {preview.documentsAdded > 0 ? policyText('impactAdded', { count: formatCount(preview.documentsAdded) }) : ''}
        {policyText('sentenceEnd')}
      </p>
      {preview.examples.map((example) => (
        <table key={example.id} class="impact-example">
          <caption>{policyTerm('entity', example.type)} {example.id}</caption>
          <thead>
            <tr><th>{policyText('field')}</th><th>{policyText('cloudNow')}</th><th>{policyText('cloudAfter')}</th></tr>
          </thead>
          <tbody>
            {changedFields(example.before, example.after).map((name) => (
              <tr key={name}>
                <td>{fieldLabelByName(name, example.type)}</td>
                <td>{show(example.before?.[name])}</td>
                <td>{show(example.after?.[name])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  )
}
