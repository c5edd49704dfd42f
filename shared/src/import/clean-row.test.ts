import { describe, expect, it } from 'vitest'
import { cleanRow, compileCleanPlan } from './clean-row'
import type { ColumnMapping, ImportSettings } from './mapping'

const settings: ImportSettings = { defaultCountry: 'US', decimalSeparator: '.', dedupeKeys: [['email']], onDuplicate: 'skip', createMissingCompanies: false }

function columns(fields: (string | null)[], dateFormat?: ColumnMapping['dateFormat']): ColumnMapping[] {
  return fields.map((field, column) => ({ column, header: `Col ${column}`, field, dateFormat }))
}

describe('cleanRow', () => {
  it('cleans a contact row', () => {
    const plan = compileCleanPlan('contact', columns(['fullName', 'email', 'phone', 'externalId', 'companyName']), settings)

    const row = cleanRow(plan, ['  Heather   Callahan ', ' URangel@Example.NET ', '(209)172-7124x3651', '00123', ' Mosley  David '], 2)

    expect(row.problems).toEqual([])
    expect(row.values).toEqual({ firstName: 'Heather', lastName: 'Callahan', email: 'urangel@example.net', phone: '+12091727124;ext=3651', externalId: '00123' })
    expect(row.companyName).toBe('Mosley David')
  })

  it('names row, column, value and fix', () => {
    const plan = compileCleanPlan('contact', [{ column: 0, header: 'Phone 1', field: 'phone' }], { ...settings, defaultCountry: undefined })

    const row = cleanRow(plan, ['555-0100'], 17)

    expect(row.problems).toHaveLength(1)
    expect(row.problems[0]?.message).toContain("row 17, column 'Phone 1'")
    expect(row.problems[0]?.message).toContain("'555-0100'")
    expect(row.problems[0]?.message).toContain('default country')
  })

  it("reads a phone against the row's own country", () => {
    const plan = compileCleanPlan('contact', columns(['lastName', 'phone', 'country']), settings)

    const hungarian = cleanRow(plan, ['Kovács', '06 1 234 5678', 'Hungary'], 2)
    const american = cleanRow(plan, ['Reese', '(209) 172-7124', 'United States'], 3)
    const unknown = cleanRow(plan, ['Reese', '(209) 172-7124', 'Narnia'], 4)
    const inconsistent = cleanRow(plan, ['Callahan', '043-797-5229', 'Norway'], 5)

    expect(hungarian.values.phone).toBe('+3612345678')
    expect(american.values.phone).toBe('+12091727124')
    expect(unknown.values.phone).toBe('+12091727124')
    expect(inconsistent.values.phone).toBe('+10437975229')
    expect(hungarian.values.country).toBe('Hungary')
  })

  it('reports an amount out of range', () => {
    const plan = compileCleanPlan('deal', columns(['title', 'stage', 'amount']), settings)

    const row = cleanRow(plan, ['Refund', 'won', '-$50'], 9)

    expect(row.problems[0]?.code).toBe('out_of_range')
    expect(row.problems[0]?.message).toContain("row 9, column 'Col 2'")
  })

  it('reads money and dates with a format', () => {
    const plan = compileCleanPlan('deal', columns(['title', 'stage', 'amount', 'closeDate'], 'DD-MM-YY'), settings)

    const row = cleanRow(plan, ['Renewal', 'won', '$1,054.00', '01-03-17'], 2)

    expect(row.problems).toEqual([])
    expect(row.values).toEqual({ title: 'Renewal', stage: 'Won', amount: 1054, closeDate: '2017-03-01' })
  })

  it('asks for a format of an ambiguous date', () => {
    const plan = compileCleanPlan('deal', columns(['title', 'stage', 'closeDate']), settings)

    const row = cleanRow(plan, ['Renewal', 'Won', '03/04/2021'], 5)

    expect(row.problems[0]?.code).toBe('date_format_required')
  })

  it('names a number in a date column', () => {
    const plan = compileCleanPlan('deal', columns(['title', 'stage', 'closeDate']), settings)

    const row = cleanRow(plan, ['Renewal', 'Won', '44805'], 5)

    expect(row.problems[0]).toMatchObject({ code: 'invalid_date', params: { reason: 'number', value: '44805' } })
    expect(row.problems[0]?.message).toContain("'44805' is a number, not a date")
  })

  it('rejects a date out of range', () => {
    const plan = compileCleanPlan('contact', columns(['lastName', 'birthDate', 'subscribedAt'], 'DD-MM-YYYY'), settings)

    const row = cleanRow(plan, ['Vik', '01-01-2099', '31-12-2999'], 4)

    expect(row.problems.map((problem) => problem.code)).toEqual(['date_out_of_range', 'date_out_of_range'])
    expect(row.problems[0]?.params?.reason).toBe('future')
    expect(row.problems[0]?.message).toContain("row 4, column 'Col 1': '01-01-2099' is in the future; use a date from 1900-01-01 to")
    expect(row.problems[1]?.message).toBe("row 4, column 'Col 2': '31-12-2999' is out of range; use a date from 1900-01-01 to 2200-12-31")
    expect(row.values.birthDate).toBeUndefined()
  })

  it('names text that no date format reads', () => {
    const plan = compileCleanPlan('deal', columns(['title', 'stage', 'closeDate']), settings)

    const row = cleanRow(plan, ['Renewal', 'Won', 'next Tuesday'], 5)

    expect(row.problems[0]).toMatchObject({ code: 'invalid_date', params: { value: 'next Tuesday' } })
    expect(row.problems[0]?.params?.reason).toBeUndefined()
  })

  it('reports a missing required field', () => {
    const plan = compileCleanPlan('company', columns(['name', 'sector']), settings)

    const row = cleanRow(plan, ['', 'retail'], 3)

    expect(row.problems.map((problem) => problem.code)).toEqual(['required'])
  })

  it('rejects a contact row without name, email or phone', () => {
    const plan = compileCleanPlan('contact', columns(['fullName', 'jobTitle']), settings)

    const row = cleanRow(plan, ['', 'Engineer'], 4)

    expect(row.problems.map((problem) => problem.code)).toEqual(['required_any_of'])
    expect(row.problems[0]?.message).toContain('row 4: a contact needs at least one of First name')
  })

  it('titles a deal from product and company', () => {
    const plan = compileCleanPlan('deal', columns(['product', 'companyName', 'stage']), settings)

    expect(cleanRow(plan, ['GTX Pro', 'Isdom', 'Won'], 2).values.title).toBe('GTX Pro – Isdom')
  })

  it('upper-cases a currency code', () => {
    const plan = compileCleanPlan('deal', columns(['title', 'stage', 'currency']), settings)

    const row = cleanRow(plan, ['Renewal', 'Won', ' eur '], 2)

    expect(row.problems).toEqual([])
    expect(row.values.currency).toBe('EUR')
  })

  it('reports a currency sign by row and column', () => {
    const plan = compileCleanPlan('deal', columns(['title', 'stage', 'currency']), settings)

    const row = cleanRow(plan, ['Renewal', 'Won', '$'], 6)

    expect(row.problems.map((problem) => problem.code)).toEqual(['invalid_currency'])
    expect(row.problems[0]?.message).toBe("row 6, column 'Col 2': '$' is not a currency code; use a three-letter ISO 4217 code such as USD or EUR")
    expect(row.values.currency).toBeUndefined()
  })

  it('rejects an unknown option', () => {
    const plan = compileCleanPlan('deal', columns(['title', 'stage']), settings)

    expect(cleanRow(plan, ['A', 'Negotiating'], 2).problems[0]?.code).toBe('invalid_option')
  })
})
