import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

/** Height of one row in pixels; rows are fixed-height so positions follow from the index. */
export const ROW_HEIGHT = 36
const OVERSCAN = 10

interface Props {
  total: number
  head: ComponentChildren
  columnCount: number
  /** Renders the `<tr>` of row `index`. */
  renderRow: (index: number) => ComponentChildren
  label: string
  /** Scrolls back to the top whenever this changes, such as on a new search or filter. */
  resetKey?: string
}

/**
 * Renders a table with only the rows in view plus a margin. Spacer rows take the place of the
 * rest, so 100,000 rows scroll as smoothly as 100.
 */
export function VirtualTable({ total, head, columnCount, renderRow, label, resetKey }: Props) {
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)

  useEffect(() => {
    const element = scroller.current
    if (!element) return
    const measure = () => setHeight(element.clientHeight || 600)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0
    setScrollTop(0)
  }, [resetKey])

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN)
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN)
  const rows: ComponentChildren[] = []
  for (let index = first; index < last; index++) rows.push(renderRow(index))

  return (
    <div
      class="virtual"
      ref={scroller}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      <table class="grid" aria-rowcount={total + 1}>
        <thead>{head}</thead>
        <tbody>
          {first > 0 ? <tr class="spacer" aria-hidden="true" style={{ height: `${first * ROW_HEIGHT}px` }}><td colSpan={columnCount} /></tr> : null}
          {rows}
          {last < total ? <tr class="spacer" aria-hidden="true" style={{ height: `${(total - last) * ROW_HEIGHT}px` }}><td colSpan={columnCount} /></tr> : null}
        </tbody>
      </table>
    </div>
  )
}
