import type { ImpactPreview } from '@enclave/shared/policy/impact'

/** Lists each field whose cloud value differs between the two projections. */
function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  const hidden = new Set(['_id', 'type', 'createdAt', 'updatedAt', 'stamps', 'residency'])
  return [...names].filter((name) => !hidden.has(name) && JSON.stringify(before?.[name]) !== JSON.stringify(after?.[name]))
}

function show(value: unknown): string {
  if (value === undefined) return '(not sent)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Renders the impact preview: how many cloud documents change, with before/after examples. */
export function ImpactPanel({ preview }: { preview: ImpactPreview }) {
  return (
    <section class="impact" data-testid="impact">
      <h3>Impact on the cloud</h3>
      <p data-testid="impact-summary">
        {preview.documentsChanged} of {preview.documentsScanned} cloud documents change
        {preview.documentsRemoved > 0 ? `, ${preview.documentsRemoved} leave the cloud` : ''}
        {preview.documentsAdded > 0 ? `, ${preview.documentsAdded} are sent for the first time` : ''}.
      </p>
      {preview.examples.map((example) => (
        <table key={example.id} class="impact-example">
          <caption>{example.type} {example.id}</caption>
          <thead>
            <tr><th>Field</th><th>Cloud now</th><th>Cloud after saving</th></tr>
          </thead>
          <tbody>
            {changedFields(example.before, example.after).map((name) => (
              <tr key={name}>
                <td>{name}</td>
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
