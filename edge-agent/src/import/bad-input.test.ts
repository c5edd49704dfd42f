import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { MAX_COLUMNS } from './import-file'
import { FIXTURES, importFile, uploadFile } from './testing/import-client'

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8')
// The fixtures share sample emails; a key they lack keeps each test's rows from being duplicates.
const noDedupe = { dedupeKeys: [['nationalId']] }

describe('import bad input', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('rejects an empty upload', async () => {
    const response = await uploadFile(edge.api, '')

    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('empty_file')
  })

  it('rejects a file named .xlsx that is not a workbook', async () => {
    const response = await uploadFile(edge.api, 'firstName,lastName\nAda,Lovelace\n', 'contacts', 'contacts.xlsx')

    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('invalid_xlsx')
    expect(response.body.error.message).toContain("'contacts.xlsx' is not a valid Excel workbook")
  })

  it('rejects a header without rows', async () => {
    const uploaded = await uploadFile(edge.api, fixture('header-only.csv'))

    const preview = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})

    expect(preview.status).toBe(422)
    expect(preview.body.error.code).toBe('no_rows')
  })

  it('rejects a file wider than the column limit', async () => {
    const columns = 20_000
    const header = Array.from({ length: columns }, (_, index) => `Field ${index + 1}`).join(',')
    const uploaded = await uploadFile(edge.api, `${header}\n${'x,'.repeat(columns - 1)}x\n`)

    const preview = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})

    expect(preview.status).toBe(422)
    expect(preview.body.error.code).toBe('too_many_columns')
    expect(preview.body.error.params).toMatchObject({ row: 1, columns, max: MAX_COLUMNS })
    expect(preview.body.error.message).toContain(`has ${columns} columns, more than the limit of ${MAX_COLUMNS}`)
    expect(preview.body.error.message).toContain('delete the columns you do not import')
  })

  it('previews a file at the column limit', async () => {
    const header = Array.from({ length: MAX_COLUMNS }, (_, index) => `Field ${index + 1}`).join(',')
    const uploaded = await uploadFile(edge.api, `${header}\n${'x,'.repeat(MAX_COLUMNS - 1)}x\n`)

    const preview = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})

    expect(preview.status).toBe(200)
    expect(preview.body.columns).toHaveLength(MAX_COLUMNS)
  })

  it('keeps a mixed-encoding upload for the preview', async () => {
    // 'René,Köln' in UTF-8, then 'Noël,Zürich' in Windows-1252.
    const mixed = Buffer.from('Name,City\nRen\xc3\xa9,K\xc3\xb6ln\nNo\xebl,Z\xfcrich\n', 'latin1')

    const uploaded = await uploadFile(edge.api, new Uint8Array(mixed))
    const preview = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})
    const chosen = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, { encoding: 'utf-8' })

    expect(uploaded.status).toBe(201)
    expect(uploaded.body.file).toMatchObject({ format: 'csv', encoding: 'windows-1252' })
    expect(preview.status).toBe(422)
    expect(preview.body.error.code).toBe('invalid_encoding')
    expect(chosen.status).toBe(422)
    expect(chosen.body.error.code).toBe('invalid_encoding')
  })

  it('reports ragged rows per row', async () => {
    const { batch, batchId } = await importFile(edge.api, fixture('ragged.csv'), { settings: noDedupe })

    expect(batch.status).toBe('done')
    expect(batch.counts.created).toBe(2)
    expect(batch.counts.failed).toBe(2)
    const report = String((await edge.api.get(`/api/imports/${batchId}/rejected`)).body)
    expect(report).toContain('row 3 has 3 cells but the header has 2')
    expect(report).toContain('row 4 has 1 cell but the header has 2')
  })

  it('reports a stray quote per row', async () => {
    const { batch, batchId } = await importFile(edge.api, fixture('stray-quote.csv'), { settings: noDedupe })

    expect(batch.status).toBe('done')
    expect(batch.counts.created).toBe(1)
    expect(batch.counts.failed).toBe(1)
    const report = String((await edge.api.get(`/api/imports/${batchId}/rejected`)).body)
    expect(report).toContain('stray quote')
    expect(report).toContain('1 line after it (line 4 of the file) was read into that field and not imported')
  })

  it('names the lines a stray quote absorbs', async () => {
    const csv = [
      'First Name,Email',
      'Heather,urangel@espinoza-francis.net',
      '"Kristina,xreese@hall-donovan.com',
      'Briana,haleybraun@blevins-sexton.com',
      'Patty,hohailey@anthony.com',
      '',
    ].join('\r\n')
    const { batch, batchId } = await importFile(edge.api, csv, { settings: noDedupe })

    expect(batch.counts.created).toBe(1)
    expect(batch.counts.failed).toBe(1)
    const report = String((await edge.api.get(`/api/imports/${batchId}/rejected`)).body)
    expect(report).toContain('row 3: a quoted field never closes')
    expect(report).toContain('2 lines after it (lines 4 to 5 of the file) were read into that field and not imported')
  })

  it('keeps prototype column names inert', async () => {
    const { batch, preview } = await importFile(edge.api, fixture('prototype-headers.csv'), { settings: noDedupe })

    expect(preview.headers).toEqual(['__proto__', 'constructor', 'Email'])
    expect(preview.columns[0].field).toBeNull()
    expect(batch.counts.created).toBe(1)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('rejects prototype names as fields', async () => {
    const uploaded = await uploadFile(edge.api, fixture('prototype-headers.csv'))
    await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})

    const run = await edge.api.post(`/api/imports/${uploaded.body.batchId}/run`, { columns: [{ column: 0, field: '__proto__' }] })

    expect(run.status).toBe(400)
    expect(run.body.error.code).toBe('invalid_mapping')
  })

  it('keeps leading zeros in ids and postal codes', async () => {
    await importFile(edge.api, fixture('leading-zeros.csv'), { settings: noDedupe })

    const found = await edge.api.get('/api/contacts?filter.externalId=007')

    expect(found.body.total).toBe(1)
    expect(found.body.items[0].postalCode).toBe('01234')
  })

  it('asks for the format of ambiguous dates', async () => {
    const { batch, preview, batchId } = await importFile(edge.api, fixture('ambiguous-dates.csv'), { plural: 'deals' })

    const closeDate = preview.columns.find((column: any) => column.field === 'closeDate')
    expect(closeDate.dateDetection.ambiguous).toBe(true)
    expect(batch.counts.failed).toBe(2)
    const report = String((await edge.api.get(`/api/imports/${batchId}/rejected`)).body)
    expect(report).toContain("choose the date format of column 'Close Date'")
  })

  it('settles a date format from a row past the preview', async () => {
    const rows = Array.from({ length: 30 }, (_, index) => `Deal ${index},Won,0${(index % 9) + 1}/04/2021`)
    const file = `Title,Stage,Close Date\n${rows.join('\n')}\nLate deal,Won,25/04/2021\n`
    const uploaded = await uploadFile(edge.api, file, 'deals')

    const preview = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})

    const closeDate = preview.body.columns.find((column: any) => column.field === 'closeDate')
    expect(closeDate.dateDetection.ambiguous).toBe(false)
    expect(closeDate.dateFormat ?? closeDate.dateDetection.format).toBe('DD-MM-YYYY')
    expect(preview.body.sampleRows).toHaveLength(20)
  })

  it('reads ambiguous dates once chosen', async () => {
    const uploaded = await uploadFile(edge.api, fixture('ambiguous-dates.csv'), 'deals')
    await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})
    const columns = [{ column: 0, field: 'title' }, { column: 1, field: 'stage' }, { column: 2, field: 'closeDate', dateFormat: 'MM-DD-YYYY' }]

    const dry = await edge.api.post(`/api/imports/${uploaded.body.batchId}/dry-run`, { columns })

    expect(dry.body.counts.created).toBe(2)
    expect(dry.body.counts.failed).toBe(0)
  })

  it('rejects 200 MB of binary data', async () => {
    const chunk = new Uint8Array(1024 * 1024).map((_, index) => (index * 31) % 256)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 200) return controller.close()
        sent++
        controller.enqueue(chunk)
      },
    })
    const headers = { ...edge.api.headers, cookie: edge.api.cookieHeader(), 'content-type': 'application/octet-stream' }

    const response = await fetch(`${edge.url}/api/imports?type=contacts&fileName=big.bin`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit)

    expect(response.status).toBe(422)
    expect(((await response.json()) as any).error.code).toBe('binary_file')
    expect(fs.readdirSync(path.join(edge.dataDir, 'imports')).filter((name) => name.endsWith('.upload'))).toHaveLength(
      (await edge.api.get('/api/imports')).body.items.filter((item: any) => item.status !== 'done').length,
    )
  })
})

describe('import upload limit', () => {
  let edge: TestEdge

  beforeAll(async () => {
    process.env.EDGE_IMPORT_MAX_BYTES = '1000'
    edge = await startTestEdge()
    delete process.env.EDGE_IMPORT_MAX_BYTES
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('rejects a file over the limit', async () => {
    const response = await uploadFile(edge.api, 'Email\n' + 'someone@example.com\n'.repeat(100))

    expect(response.status).toBe(413)
    expect(response.body.error.code).toBe('file_too_large')
    const folder = path.join(edge.dataDir, 'imports')
    expect(fs.existsSync(folder) ? fs.readdirSync(folder) : []).toEqual([])
  })

  it('stops a chunked upload at the limit', async () => {
    const line = new TextEncoder().encode('someone@example.com\n')
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 200) return controller.close()
        controller.enqueue(line)
      },
    })
    const headers = { ...edge.api.headers, cookie: edge.api.cookieHeader(), 'content-type': 'application/octet-stream' }

    const response = await fetch(`${edge.url}/api/imports?type=contacts`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit)

    expect(response.status).toBe(413)
    expect(((await response.json()) as any).error.code).toBe('file_too_large')
    expect(fs.readdirSync(path.join(edge.dataDir, 'imports'))).toEqual([])
  })
})
