import './pipeline.css'
import { useEffect, useState } from 'preact/hooks'
import { DEAL_STAGES } from '@enclave/shared/entities/schemas'
import type { ListGroup } from '@enclave/shared/api'
import type { RecordDoc } from '../app/api-client'
import { isWritable, useApp } from '../app/app-context'
import { currentLanguage, formatMoney, t } from '../app/i18n'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { optionLabel } from '../app/field-labels'
import { StateMessage } from '../shell/StateMessage'
import { errorText } from '../app/error-text'
import { isolate } from '../app/bidi'
import { replaceQuery } from '../app/replace-query'

/** Cards loaded per column at first and per click on Show more. */
const COLUMN_PAGE = 100

type Columns = Record<string, RecordDoc[]>

/** Places a deal in its stage's column, keeping the column sorted by amount, largest first. */
function placeDeal(columns: Columns, deal: RecordDoc): Columns {
  const without = Object.fromEntries(Object.entries(columns).map(([stage, cards]) => [stage, cards.filter((card) => card._id !== deal._id)]))
  const stage = String(deal.stage)
  const cards = without[stage] ?? []
  const amount = typeof deal.amount === 'number' ? deal.amount : -Infinity
  const at = cards.findIndex((card) => (typeof card.amount === 'number' ? card.amount : -Infinity) < amount)
  return { ...without, [stage]: at < 0 ? [...cards, deal] : [...cards.slice(0, at), deal, ...cards.slice(at)] }
}

/** Count and amount of one stage's column. */
interface StageFigures {
  count: number
  total: number
}

/** Moves one deal's count and amount from the `from` group to the `to` group. */
function shiftGroups(groups: ListGroup[] | undefined, from: string, to: string, amount: unknown): ListGroup[] | undefined {
  if (!groups) return groups
  const value = typeof amount === 'number' ? amount : 0
  const next = groups.some((group) => group.value === to) ? groups : [...groups, { value: to, count: 0, sum: 0 }]
  return next.map((group) => {
    if (group.value === from) return { ...group, count: group.count - 1, sum: (group.sum ?? 0) - value }
    if (group.value === to) return { ...group, count: group.count + 1, sum: (group.sum ?? 0) + value }
    return group
  })
}

/**
 * Returns a stage's figures from the list's `groups`, which cover every matching deal, or else
 * from the loaded cards.
 */
function figuresOf(stage: string, inStage: RecordDoc[], groups: ListGroup[] | undefined): StageFigures {
  if (groups) {
    const group = groups.find((candidate) => candidate.value === stage)
    return { count: group?.count ?? 0, total: group?.sum ?? 0 }
  }

  const total = inStage.reduce((sum, deal) => sum + (typeof deal.amount === 'number' ? deal.amount : 0), 0)
  return { count: inStage.length, total }
}

/** Deals as a board of stages with drag and drop, arrow-key moves, totals and filters. */
export function PipelinePage() {
  const app = useApp()
  const [columns, setColumns] = useState<Columns | null>(null)
  const [loadingMore, setLoadingMore] = useState('')
  /** Per column: deals read from the server so far, and how many of them were moved out since. */
  const [paging, setPaging] = useState<Record<string, { fetched: number; movedOut: number }>>({})
  const [groups, setGroups] = useState<ListGroup[] | undefined>(undefined)
  const [error, setError] = useState('')
  const [status, setStatus] = useState('')
  // The applied filters live in the address too, so Back, reload and a shared link keep them.
  const [applied, setApplied] = useState(() => {
    const query = new URLSearchParams(location.search)
    return { agent: query.get('agent') ?? '', product: query.get('product') ?? '' }
  })
  const [agent, setAgent] = useState(applied.agent)
  const [product, setProduct] = useState(applied.product)
  const canMove = isWritable(app, ENTITY_SCHEMAS.deal, 'stage')

  const filters: Record<string, string> = {}
  if (applied.agent) filters['agent.contains'] = applied.agent
  if (applied.product) filters['product.contains'] = applied.product
  const columnPage = (stage: string, offset: number) =>
    app.api.list('deals', { filters: { ...filters, stage }, limit: COLUMN_PAGE, offset, sort: '-amount' })

  // One grouped request counts and sums every stage, and each column then loads its largest deals.
  useEffect(() => {
    setColumns(null)
    Promise.all([
      app.api.list('deals', { filters, limit: 1, groupBy: 'stage', sum: 'amount' }),
      ...DEAL_STAGES.map((stage) => columnPage(stage, 0)),
    ]).then(
      ([summary, ...pages]) => {
        setGroups(summary!.groups)
        setColumns(Object.fromEntries(DEAL_STAGES.map((stage, index) => [stage, pages[index]!.items])))
        setPaging(Object.fromEntries(DEAL_STAGES.map((stage, index) => [stage, { fetched: pages[index]!.items.length, movedOut: 0 }])))
      },
      (failure: Error) => setError(errorText(failure)),
    )
  }, [applied, app.api])

  const showMore = async (stage: string) => {
    setLoadingMore(stage)
    try {
      // A deal moved out of the column since it loaded moves the server's next deal up by one, so
      // the next page starts that much earlier. Deals read twice are dropped by id.
      const { fetched, movedOut } = paging[stage] ?? { fetched: 0, movedOut: 0 }
      const offset = Math.max(0, fetched - movedOut)
      const page = await columnPage(stage, offset)
      setColumns((current) => current && page.items.reduce((next, deal) => (next[stage]?.some((card) => card._id === deal._id) ? next : placeDeal(next, deal)), current))
      setPaging((current) => ({ ...current, [stage]: { fetched: offset + page.items.length, movedOut: 0 } }))
    } catch (failure) {
      setStatus(errorText(failure))
    } finally {
      setLoadingMore('')
    }
  }

  const move = async (id: string, stage: string) => {
    const deal = columns && Object.values(columns).flat().find((other) => other._id === id)
    if (!deal || deal.stage === stage) return
    setColumns((current) => current && placeDeal(current, { ...deal, stage }))
    setGroups((current) => shiftGroups(current, String(deal.stage), stage, deal.amount))
    const countMoveOut = (from: string, step: number) =>
      setPaging((current) => ({ ...current, [from]: { fetched: current[from]?.fetched ?? 0, movedOut: (current[from]?.movedOut ?? 0) + step } }))
    countMoveOut(String(deal.stage), 1)
    try {
      const saved = await app.api.update('deals', id, { stage })
      setColumns((current) => current && placeDeal(current, saved))
      setStatus(t('pipeline.moved', { title: isolate(String(deal.title ?? '')), stage: optionLabel(stage) }))
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-deal="${CSS.escape(id)}"]`)?.focus())
    } catch (failure) {
      setColumns((current) => current && placeDeal(current, deal))
      setGroups((current) => shiftGroups(current, stage, String(deal.stage), deal.amount))
      countMoveOut(String(deal.stage), -1)
      setStatus(errorText(failure))
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
            const query = new URLSearchParams(location.search)
            for (const [name, value] of Object.entries({ agent, product })) {
              if (value) query.set(name, value)
              else query.delete(name)
            }
            const search = query.toString()
            replaceQuery(location.pathname, search ? `?${search}` : '')
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
      {!columns && !error ? <StateMessage kind="loading" /> : null}
      {columns ? (
        <div class="board">
          {DEAL_STAGES.map((stage) => {
            const inStage = columns[stage] ?? []
            const { count, total } = figuresOf(stage, inStage, groups)
            const number = new Intl.NumberFormat(currentLanguage())
            return (
              <section
                key={stage}
                class="column"
                data-stage={stage}
                aria-label={optionLabel(stage)}
                onDragOver={(event) => canMove && event.preventDefault()}
                onDrop={(event) => {
                  event.preventDefault()
                  if (!canMove) return
                  const id = event.dataTransfer?.getData('text/plain')
                  if (id) void move(id, stage)
                }}
              >
                <header>
                  <h2>{optionLabel(stage)}</h2>
                  <span data-testid="stage-count">{number.format(count)}</span> · <span data-testid="stage-total">{formatMoney(total)}</span>
                  {inStage.length < count ? (
                    <p class="muted" data-testid="stage-shown">{t('pipeline.shown', { shown: number.format(inStage.length), total: number.format(count) })}</p>
                  ) : null}
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
                      onDragStart={(event) => canMove && event.dataTransfer?.setData('text/plain', deal._id)}
                      onKeyDown={(event) => onCardKey(event, deal)}
                    >
                      <a href={`/deals/${encodeURIComponent(deal._id)}`} tabIndex={-1} dir="auto">{String(deal.title ?? '')}</a>
                      <span class="muted">{typeof deal.amount === 'number' ? formatMoney(deal.amount, typeof deal.currency === 'string' ? deal.currency : undefined) : ''}</span>
                      <span class="muted" dir="auto">{String(deal.agent ?? '')}</span>
                    </li>
                  ))}
                </ul>
                {inStage.length < count ? (
                  <button type="button" class="more" disabled={loadingMore === stage} onClick={() => void showMore(stage)}>
                    {loadingMore === stage ? t('app.loading') : t('pipeline.more')}
                  </button>
                ) : null}
              </section>
            )
          })}
        </div>
      ) : null}
    </section>
  )
}
