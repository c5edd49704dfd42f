import './pipeline.css'
import { useEffect, useState } from 'preact/hooks'
import { DEAL_STAGES } from '@enclave/shared/entities/schemas'
import type { RecordDoc } from '../app/api-client'
import { isWritable, useApp } from '../app/app-context'
import { formatMoney, t } from '../app/i18n'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { optionLabel } from '../app/field-labels'
import { StateMessage } from '../shell/StateMessage'

const BOARD_LIMIT = 500

/** Deals as a board of stages with drag and drop, arrow-key moves, totals and filters. */
export function PipelinePage() {
  const app = useApp()
  const [deals, setDeals] = useState<RecordDoc[] | null>(null)
  const [error, setError] = useState('')
  const [status, setStatus] = useState('')
  const [agent, setAgent] = useState('')
  const [product, setProduct] = useState('')
  const [applied, setApplied] = useState({ agent: '', product: '' })
  const canMove = isWritable(app, ENTITY_SCHEMAS.deal, 'stage')

  useEffect(() => {
    setDeals(null)
    const filters: Record<string, string> = {}
    if (applied.agent) filters['agent.contains'] = applied.agent
    if (applied.product) filters['product.contains'] = applied.product
    app.api.list('deals', { filters, limit: BOARD_LIMIT, sort: '-amount' }).then(
      (page) => setDeals(page.items),
      (failure: Error) => setError(failure.message),
    )
  }, [applied, app.api])

  const move = async (id: string, stage: string) => {
    const deal = deals?.find((other) => other._id === id)
    if (!deal || deal.stage === stage || !deals) return
    setDeals(deals.map((other) => (other._id === id ? { ...other, stage } : other)))
    try {
      const saved = await app.api.update('deals', id, { stage })
      setDeals((current) => current?.map((other) => (other._id === id ? saved : other)) ?? null)
      setStatus(t('pipeline.moved', { title: String(deal.title ?? ''), stage: optionLabel(stage) }))
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-deal="${CSS.escape(id)}"]`)?.focus())
    } catch (failure) {
      setDeals((current) => current?.map((other) => (other._id === id ? deal : other)) ?? null)
      setStatus((failure as Error).message)
    }
  }

  const onCardKey = (event: KeyboardEvent, deal: RecordDoc) => {
    if (!canMove || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return
    event.preventDefault()
    const index = DEAL_STAGES.indexOf(deal.stage as (typeof DEAL_STAGES)[number])
    const next = DEAL_STAGES[index + (event.key === 'ArrowRight' ? 1 : -1)]
    if (next) void move(deal._id, next)
  }

  return (
    <section class="pipeline" aria-labelledby="pipeline-title">
      <div class="toolbar">
        <h1 id="pipeline-title">{t('nav.pipeline')}</h1>
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault()
            setApplied({ agent, product })
          }}
        >
          <label class="inline">{t('pipeline.owner')}<input name="agent" value={agent} onInput={(event) => setAgent(event.currentTarget.value)} /></label>
          <label class="inline">{t('pipeline.product')}<input name="product" value={product} onInput={(event) => setProduct(event.currentTarget.value)} /></label>
          <button type="submit">{t('pipeline.apply')}</button>
        </form>
      </div>
      {canMove ? <p class="muted">{t('pipeline.moveHint')}</p> : null}
      <p role="status" aria-live="polite" class="status" data-testid="pipeline-status">{status}</p>
      {error ? <StateMessage kind="error" message={error} /> : null}
      {!deals && !error ? <StateMessage kind="loading" /> : null}
      {deals ? (
        <div class="board">
          {DEAL_STAGES.map((stage) => {
            const inStage = deals.filter((deal) => deal.stage === stage)
            const total = inStage.reduce((sum, deal) => sum + (typeof deal.amount === 'number' ? deal.amount : 0), 0)
            return (
              <section
                key={stage}
                class="column"
                data-stage={stage}
                aria-label={optionLabel(stage)}
                onDragOver={(event) => canMove && event.preventDefault()}
                onDrop={(event) => {
                  event.preventDefault()
                  const id = event.dataTransfer?.getData('text/plain')
                  if (id) void move(id, stage)
                }}
              >
                <header>
                  <h2>{optionLabel(stage)}</h2>
                  <span data-testid="stage-count">{inStage.length}</span> · <span data-testid="stage-total">{formatMoney(total)}</span>
                </header>
                <ul>
                  {inStage.map((deal) => (
                    <li
                      key={deal._id}
                      class="card"
                      tabIndex={0}
                      data-deal={deal._id}
                      draggable={canMove}
                      aria-label={`${String(deal.title ?? '')}, ${optionLabel(stage)}`}
                      onDragStart={(event) => event.dataTransfer?.setData('text/plain', deal._id)}
                      onKeyDown={(event) => onCardKey(event, deal)}
                    >
                      <a href={`/deals/${encodeURIComponent(deal._id)}`} tabIndex={-1}>{String(deal.title ?? '')}</a>
                      <span class="muted">{typeof deal.amount === 'number' ? formatMoney(deal.amount, typeof deal.currency === 'string' ? deal.currency : undefined) : ''}</span>
                      <span class="muted">{String(deal.agent ?? '')}</span>
                    </li>
                  ))}
                </ul>
              </section>
            )
          })}
        </div>
      ) : null}
    </section>
  )
}
