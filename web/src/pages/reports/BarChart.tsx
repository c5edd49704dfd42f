import type { ReportSeries, ReportUnit } from '@enclave/shared/reports/report-types'
import { reportText } from './report-text'

const ROW_HEIGHT = 24
const LABEL_WIDTH = 140
const BAR_WIDTH = 220
const VALUE_WIDTH = 90

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })

/** Formats a value for its unit: 12,500 for money and counts, 62.5% for percentages, 14 d (14 天) for days. */
export function formatValue(value: number, unit: ReportUnit): string {
  if (unit === 'percent') return `${numberFormat.format(value)}%`
  if (unit === 'days') return reportText('days', { value: numberFormat.format(value) })
  return numberFormat.format(value)
}

/**
 * Draws one series as horizontal bars in inline SVG: a label, a bar scaled to the largest
 * value and the formatted value on each row. Each bar has a title for screen readers.
 */
export function BarChart({ series }: { series: ReportSeries }) {
  const max = Math.max(0, ...series.points.map((point) => point.value))
  const height = series.points.length * ROW_HEIGHT
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH

  return (
    <figure class="bar-chart" data-series={series.name}>
      <figcaption>{series.label}</figcaption>
      <svg role="img" aria-label={series.label} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
        {series.points.map((point, row) => {
          const y = row * ROW_HEIGHT
          const barLength = max > 0 ? Math.max(1, (point.value / max) * BAR_WIDTH) : 0
          const shown = formatValue(point.value, series.unit)
          return (
            <g key={point.key} data-key={point.key}>
              <title>{`${point.label}: ${shown}`}</title>
              <text x={LABEL_WIDTH - 6} y={y + 16} text-anchor="end" class="bar-label">
                {point.label.length > 20 ? `${point.label.slice(0, 19)}…` : point.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 4} width={point.value > 0 ? barLength : 0} height={ROW_HEIGHT - 8} class="bar" />
              <text x={LABEL_WIDTH + BAR_WIDTH + 6} y={y + 16} class="bar-value">
                {shown}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
