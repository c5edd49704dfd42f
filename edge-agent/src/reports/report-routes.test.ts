import fs from 'node:fs'
import path from 'node:path'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSampleData, nameKey } from '../demo/sample-data'
import { startTestEdge, type TestEdge } from '../testing/test-edge'

const SAMPLE_DIR = path.resolve(import.meta.dirname, '../../../../shared/data')
const PIPELINE_FILE = path.join(SAMPLE_DIR, 'crm-sales', 'sales_pipeline.csv')
const PRODUCTS_FILE = path.join(SAMPLE_DIR, 'crm-sales', 'products.csv')

type Series = { name: string; points: { key: string; value: number }[] }

function pointsOf(body: { series: Series[] }, name: string): Record<string, number> {
  const series = body.series.find((item) => item.name === name)
  return Object.fromEntries((series?.points ?? []).map((point) => [point.key, point.value]))
}

describe('report routes', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
    const deals = [
      { title: 'Printers', stage: 'Won', amount: 1200, agent: 'Ana', pipeline: 'Hardware', engageDate: '2024-01-05', closeDate: '2024-02-01' },
      { title: 'Laptops', stage: 'Won', amount: 3000, agent: 'Bo', pipeline: 'Hardware', engageDate: '2024-01-10', closeDate: '2024-03-15' },
      { title: 'Support', stage: 'Lost', amount: 500, agent: 'Ana', pipeline: 'Services', engageDate: '2024-02-01', closeDate: '2024-03-01' },
      { title: 'Servers', stage: 'Engaging', amount: 9000, agent: 'Bo', pipeline: 'Hardware', engageDate: '2024-03-01' },
    ]
    for (const deal of deals) expect((await edge.api.post('/api/deals', deal)).status).toBe(201)
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('lists the reports', async () => {
    const response = await edge.api.get('/api/reports')
    expect(response.status).toBe(200)
    expect(response.body.reports.map((report: { id: string }) => report.id)).toContain('pipeline')
  })

  it('serves the pipeline by stage', async () => {
    const response = await edge.api.get('/api/reports/pipeline')
    expect(response.status).toBe(200)
    expect(pointsOf(response.body, 'count')).toEqual({ Prospecting: 0, Engaging: 1, Won: 2, Lost: 1 })
    expect(pointsOf(response.body, 'amount')).toEqual({ Prospecting: 0, Engaging: 9000, Won: 4200, Lost: 500 })
  })

  it('applies pipeline, owner and date filters', async () => {
    const response = await edge.api.get('/api/reports/won-revenue?pipeline=Hardware&owner=bo&from=2024-03-01&to=2024-03-31')
    expect(response.body.totals).toEqual({ won: 1, revenue: 3000 })
    expect(pointsOf(response.body, 'byMonth')).toEqual({ '2024-03': 3000 })
  })

  it('serves the win rate', async () => {
    const response = await edge.api.get('/api/reports/win-rate')
    expect(response.body.totals).toEqual({ won: 2, lost: 1, winRate: 66.67 })
  })

  it('rejects an unknown report', async () => {
    const response = await edge.api.get('/api/reports/churn')
    expect(response.status).toBe(404)
    expect(response.body.error.message).toContain('pipeline')
  })

  it('rejects a malformed date', async () => {
    const response = await edge.api.get('/api/reports/pipeline?from=01/02/2024')
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_query')
  })

  it('limits own-scope users to their records', async () => {
    const agent = await edge.signIn('agent', { username: 'scoped-agent', recordScope: 'own' })
    expect((await agent.post('/api/deals', { title: 'Own deal', stage: 'Prospecting', amount: 70 })).status).toBe(201)
    const response = await agent.get('/api/reports/pipeline')
    expect(response.body.totals).toEqual({ deals: 1, amount: 70, openAmount: 70 })
  })
})

describe('reports on the sample data', () => {
  let edge: TestEdge
  const readCsv = (file: string) => Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data
  const rows = readCsv(PIPELINE_FILE)
  const listPrices = new Map(readCsv(PRODUCTS_FILE).map((product) => [nameKey(product.product!), Number(product.sales_price)]))

  beforeAll(async () => {
    edge = await startTestEdge()
    await loadSampleData(edge.context.store, SAMPLE_DIR)
  }, 120_000)

  afterAll(async () => {
    await edge.destroy()
  })

  it('matches pipeline counts and amounts of the CSV', async () => {
    // A closed deal's amount is its close value; an open deal's is its product's list price.
    const counts: Record<string, number> = {}
    const amounts: Record<string, number> = {}
    for (const row of rows) {
      const amount = row.close_value ? Number(row.close_value) : (listPrices.get(nameKey(row.product!)) ?? 0)
      counts[row.deal_stage!] = (counts[row.deal_stage!] ?? 0) + 1
      amounts[row.deal_stage!] = (amounts[row.deal_stage!] ?? 0) + amount
    }

    const response = await edge.api.get('/api/reports/pipeline')
    expect(response.body.totals.deals).toBe(rows.length)
    expect(pointsOf(response.body, 'count')).toEqual(counts)
    expect(pointsOf(response.body, 'amount')).toEqual(amounts)
  })

  it('matches won revenue of the CSV', async () => {
    const won = rows.filter((row) => row.deal_stage === 'Won')
    const revenue = won.reduce((sum, row) => sum + Number(row.close_value), 0)
    const response = await edge.api.get('/api/reports/won-revenue')
    expect(response.body.totals).toEqual({ won: won.length, revenue })
  })
})
