import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInContext, startBrowserEdge, type BrowserEdge } from './browser'

describe('subject rights on a contact page in Chromium', () => {
  let browserEdge: BrowserEdge
  let contactId: string
  let activityId: string

  beforeAll(async () => {
    browserEdge = await startBrowserEdge()
    const { edge } = browserEdge
    contactId = (await edge.api.post('/api/contacts', { firstName: 'Noor', lastName: 'Haddad', email: 'noor.haddad@example.test' })).body._id
    activityId = (await edge.api.post('/api/activities', { kind: 'call', subject: 'Call Noor Haddad', contactId })).body._id
  }, 120_000)

  afterAll(async () => {
    await browserEdge?.close()
  })

  it('downloads the personal data', async () => {
    const { page, edge } = browserEdge
    await page.goto(`${edge.url}/contacts/${encodeURIComponent(contactId)}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export personal data' }).click()])

    expect(download.suggestedFilename()).toMatch(/^subject-data-contact-.+\.json$/)
    const text = await (await download.createReadStream()).toArray()
    const data = JSON.parse(Buffer.concat(text).toString('utf8'))
    expect(data.contact.email).toBe('noor.haddad@example.test')
    expect(data.linked.activities[0]._id).toBe(activityId)
  })

  it('erases the person after confirmation', async () => {
    const { page, edge } = browserEdge
    await page.goto(`${edge.url}/contacts/${encodeURIComponent(contactId)}`)
    await page.getByRole('button', { name: 'Erase this person' }).click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.getByText('It cannot be undone').isVisible()).toBe(true)
    const submit = dialog.getByRole('button', { name: 'Erase permanently' })

    await dialog.getByLabel('Reason for the erasure').fill('Written request from the person')
    await dialog.getByLabel(/Type the contact’s name/).fill('Noor')
    expect(await submit.isDisabled()).toBe(true)
    await dialog.getByLabel(/Type the contact’s name/).fill('Noor Haddad')
    await dialog.getByLabel('Delete them').check()
    await submit.click()

    await dialog.getByText('The person is erased from this site.').waitFor()
    expect(await dialog.getByText('Linked records: 1 deleted, 0 kept without the person').isVisible()).toBe(true)
    expect(await dialog.getByText('Cloud copy: none, because the site is not enrolled').isVisible()).toBe(true)
    expect((await edge.api.get(`/api/contacts/${contactId}`)).status).toBe(404)
    expect((await edge.api.get(`/api/activities/${activityId}`)).status).toBe(404)

    await dialog.getByRole('button', { name: 'Close' }).click()
    await page.waitForURL(`${edge.url}/contacts`)
  })

  it('hides the actions from a manager', async () => {
    const { page, edge } = browserEdge
    const manager = await edge.signIn('manager')
    const otherId = (await edge.api.post('/api/contacts', { firstName: 'Other' })).body._id
    const context = await signedInContext(page.context().browser()!, edge.url, (name) => manager.getCookie(name))
    const managerPage = await context.newPage()

    await managerPage.goto(`${edge.url}/contacts/${encodeURIComponent(otherId)}`)
    await managerPage.getByRole('heading', { name: 'Other' }).waitFor()

    expect(await managerPage.getByRole('link', { name: 'Export personal data' }).count()).toBe(0)
    expect(await managerPage.getByRole('button', { name: 'Erase this person' }).count()).toBe(0)
    await context.close()
  })
})
