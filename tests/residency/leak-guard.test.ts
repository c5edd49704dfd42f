import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatStamp } from '@enclave/shared'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'

/** Reads the outbox copy of a record once the projector has caught up. */
async function outboxCopy(edge: TestEdge, id: string): Promise<Record<string, unknown>> {
  await edge.context.sync!.drain()
  return (await edge.context.databases.outbox.get(id)) as unknown as Record<string, unknown>
}

describe('free-text leak guard at the edge', () => {
  let edge: TestEdge
  let contactId: string
  let dealId: string
  let ticketId: string

  beforeAll(async () => {
    edge = await startTestEdge()
    const contact = await edge.api.post('/api/contacts', {
      firstName: 'Anneliese',
      lastName: 'Okonkwo',
      email: 'anneliese.okonkwo@example.de',
      phone: '+49 30 901820',
    })
    contactId = contact.body._id
    const deal = await edge.api.post('/api/deals', {
      title: 'Anneliese Okonkwo (anneliese.okonkwo@example.de): 40 seats',
      stage: 'Engaging',
      contactId,
    })
    dealId = deal.body._id
    const ticket = await edge.api.post('/api/tickets', {
      subject: 'Okonkwo asks for a callback on +49 30 901820',
      status: 'open',
      contactId,
    })
    ticketId = ticket.body._id
  })

  afterAll(async () => {
    await edge?.destroy()
  })

  it('redacts name and email from a deal title', async () => {
    expect((await outboxCopy(edge, dealId)).title).toBe('[redacted] ([redacted]): 40 seats')
  })

  it('redacts name and phone from a ticket subject', async () => {
    expect((await outboxCopy(edge, ticketId)).subject).toBe('[redacted] asks for a callback on [redacted]')
  })

  it('redacts the deal contact from an activity subject', async () => {
    const activity = await edge.api.post('/api/activities', { kind: 'call', subject: 'Call Anneliese about the renewal', dealId })

    expect((await outboxCopy(edge, activity.body._id)).subject).toBe('Call [redacted] about the renewal')
  })

  it('keeps the full title at the edge', async () => {
    const response = await edge.api.get(`/api/deals/${dealId}`)

    expect(response.body.title).toBe('Anneliese Okonkwo (anneliese.okonkwo@example.de): 40 seats')
  })

  it('keeps a rejected value out of the rejection notice', async () => {
    const copy = await outboxCopy(edge, dealId)
    const cloudStamp = formatStamp(Date.now() + 60_000, 0, 'cloud')
    const stamps = { ...(copy.stamps as Record<string, string>), stage: cloudStamp }
    await edge.context.databases.outbox.put({ ...copy, stage: 'Anneliese Okonkwo', stamps, editedBy: { stage: 'user:remote-ann' } })
    edge.context.sync!.merger.notifyOutboxWritten()

    const notice = JSON.stringify((await outboxCopy(edge, dealId)).syncRejection)

    expect(notice).toContain('invalid_value')
    expect(notice).not.toContain('Anneliese')
    expect(notice).not.toContain('Okonkwo')
  })
})
