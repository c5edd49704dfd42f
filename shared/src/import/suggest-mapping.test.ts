import { describe, expect, it } from 'vitest'
import { suggestMapping } from './suggest-mapping'

const fieldsOf = (suggestions: ReturnType<typeof suggestMapping>) => suggestions.map((suggestion) => suggestion.field)

describe('suggestMapping', () => {
  it('maps the sample customer headers', () => {
    const headers = ['Index', 'Customer Id', 'First Name', 'Last Name', 'Company', 'City', 'Country', 'Phone 1', 'Phone 2', 'Email', 'Subscription Date', 'Website']
    const row = ['1', 'EB54EF1154C3A78', 'Heather', 'Callahan', 'Mosley-David', 'Lake Jeffborough', 'Norway', '043-797-5229', '915.112.1727', 'urangel@espinoza-francis.net', '26-08-2020', 'http://www.escobar.org/']

    const suggestions = suggestMapping('contact', headers, [row])

    expect(fieldsOf(suggestions)).toEqual([null, 'externalId', 'firstName', 'lastName', 'companyName', 'city', 'country', 'phone', 'phone2', 'email', 'subscribedAt', 'website'])
    expect(suggestions[10]?.dateFormat).toBe('DD-MM-YYYY')
  })

  it('maps Chinese headers', () => {
    const headers = ['姓名', '手机', '邮箱', '公司', '地址']
    const row = ['王小明', '13812345678', 'wang@example.com', '示例公司', '北京市']

    expect(fieldsOf(suggestMapping('contact', headers, [row]))).toEqual(['fullName', 'phone', 'email', 'companyName', 'street'])
  })

  it('finds emails whatever the header', () => {
    const suggestions = suggestMapping('contact', ['Contact info', 'Notes'], [['a@example.com', 'x'], ['b@example.org', 'y']])

    expect(suggestions[0]?.field).toBe('email')
    expect(suggestions[0]?.reason).toBe('content')
  })

  it('prefers content over a misleading header', () => {
    const suggestions = suggestMapping('contact', ['Phone', 'Mobile'], [['a@example.com', '+1 209 172 7124']])

    expect(fieldsOf(suggestions)).toEqual(['email', 'phone'])
  })

  it('flags an ambiguous date column', () => {
    const suggestions = suggestMapping('deal', ['Close Date'], [['03/04/2021'], ['05/06/2021']])

    expect(suggestions[0]?.field).toBe('closeDate')
    expect(suggestions[0]?.dateDetection?.ambiguous).toBe(true)
    expect(suggestions[0]?.dateFormat).toBeUndefined()
  })

  it('keeps an invalid date from reading as a phone', () => {
    const headers = ['Name', 'Phone', 'Joined']
    const rows = [
      ['Ann Lee', '+44 20 7946 0018', '26/08/2020'],
      ['Bob Ray', '+44 20 7946 0019', '31/02/2000'],
      ['Cy Wu', '+44 20 7946 0020', '14/03/2019'],
    ]

    const suggestions = suggestMapping('contact', headers, rows)

    expect(suggestions[2]?.field).toBe('subscribedAt')
    expect(suggestions[2]?.reason).toBe('content')
    expect(suggestions[2]?.dateFormat).toBe('DD-MM-YYYY')
  })

  it('keeps a date column named by its header', () => {
    const suggestions = suggestMapping('contact', ['Subscription Date'], [['26/08/2020'], ['31/02/2000']])

    expect(suggestions[0]?.field).toBe('subscribedAt')
    expect(suggestions[0]?.dateFormat).toBe('DD-MM-YYYY')
  })

  it('suggests a date-time field for activity dates', () => {
    const suggestions = suggestMapping('activity', ['Subject', 'When'], [['Call', '2024-03-31 14:00'], ['Visit', '2024-04-02 09:30']])

    expect(suggestions[1]?.field).toBe('dueAt')
  })

  it('leaves unknown columns unmapped', () => {
    expect(suggestMapping('contact', ['Shoe size'], [['42']])[0]?.field).toBeNull()
  })
})
