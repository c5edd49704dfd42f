import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'

const DAY_MS = 24 * 60 * 60 * 1000

describe('campaign routes', () => {
  let edge: TestEdge
  let segmentId: string
  let campaignId: string
  let launch: { status: number; body: any }
  let memberIds: string[]

  beforeAll(async () => {
    edge = await startTestEdge()
    for (const [firstName, country] of [['Grace', 'Norway'], ['Alan', 'Norway'], ['Linus', 'Finland']]) {
      expect((await edge.api.post('/api/contacts', { firstName, country })).status).toBe(201)
    }
    const segment = await edge.api.post('/api/segments', { name: 'Norway', entityType: 'contact', conditions: [{ field: 'country', value: 'Norway' }] })
    segmentId = segment.body._id

    const campaign = await edge.api.post('/api/campaigns', {
      name: 'Spring offer',
      segmentId,
      status: 'draft',
      steps: [
        { kind: 'email', offsetDays: 0, subject: 'Send the offer' },
        { kind: 'call', offsetDays: 3, subject: 'Call about the offer' },
        { kind: 'task', offsetDays: 10, subject: 'Send a quote' },
      ],
    })
    expect(campaign.status).toBe(201)
    campaignId = campaign.body._id
    launch = await edge.api.post(`/api/campaigns/${campaignId}/launch`, {})
    const members = await edge.api.get(`/api/campaigns/${campaignId}/members`)
    memberIds = members.body.items.map((item: { recordId: string }) => item.recordId)
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('launches with a snapshot of the segment', () => {
    expect(launch.status).toBe(200)
    expect(launch.body.members).toBe(2)
    expect(launch.body.campaign.status).toBe('active')
    expect(launch.body.campaign.memberCount).toBe(2)
    expect(memberIds).toHaveLength(2)
  })

  it('creates activities for call and task steps', async () => {
    expect(launch.body.activities).toBe(4)
    const calls = await edge.api.get('/api/activities?filter.subject.startsWith=Spring offer&filter.kind=call')
    expect(calls.body.total).toBe(2)
    const call = calls.body.items[0]
    expect(memberIds).toContain(call.contactId)
    expect(call.status).toBe('open')
    const offset = Date.parse(call.dueAt) - Date.parse(launch.body.campaign.launchedAt)
    expect(offset).toBe(3 * DAY_MS)
  })

  it('keeps the snapshot when the segment changes', async () => {
    await edge.api.post('/api/contacts', { firstName: 'Sonja', country: 'Norway' })
    const progress = await edge.api.get(`/api/campaigns/${campaignId}/progress`)
    expect(progress.body.members).toBe(2)
  })

  it('rejects a second launch', async () => {
    const response = await edge.api.post(`/api/campaigns/${campaignId}/launch`, {})
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('already_launched')
  })

  it('changes member status and counts progress', async () => {
    const first = await edge.api.patch(`/api/campaigns/${campaignId}/members/${memberIds[0]}`, { status: 'responded' })
    expect(first.status).toBe(200)
    expect(first.body.history.map((entry: { status: string }) => entry.status)).toEqual(['pending', 'responded'])
    const optedOut = await edge.api.patch(`/api/campaigns/${campaignId}/members/${memberIds[1]}`, { status: 'opted_out' })
    expect(optedOut.status).toBe(200)

    const progress = await edge.api.get(`/api/campaigns/${campaignId}/progress`)
    expect(progress.body.byStatus).toEqual({ pending: 0, contacted: 0, responded: 1, converted: 0, opted_out: 1 })
    expect(progress.body.responseRate).toBe(50)
    expect(progress.body.reachedRate).toBe(50)
  })

  it('deletes open activities after opt-out', async () => {
    const remaining = await edge.api.get(`/api/activities?filter.subject.startsWith=Spring offer&filter.contactId=${memberIds[1]}`)
    expect(remaining.body.total).toBe(0)
    const kept = await edge.api.get(`/api/activities?filter.subject.startsWith=Spring offer&filter.contactId=${memberIds[0]}`)
    expect(kept.body.total).toBe(2)
  })

  it('counts done and cancelled activities per step', async () => {
    const calls = await edge.api.get('/api/activities?filter.subject.startsWith=Spring offer&filter.kind=call')
    await edge.api.patch(`/api/activities/${calls.body.items[0]._id}`, { status: 'done' })
    const progress = await edge.api.get(`/api/campaigns/${campaignId}/progress`)
    const steps = progress.body.steps.map((step: { kind: string; activities: number; done: number; cancelled: number }) => [step.kind, step.activities, step.done, step.cancelled])
    expect(steps).toEqual([['email', 0, 0, 0], ['call', 1, 1, 1], ['task', 1, 0, 1]])
  })

  it('filters members by status', async () => {
    const response = await edge.api.get(`/api/campaigns/${campaignId}/members?status=opted_out`)
    expect(response.body.total).toBe(1)
    expect(response.body.items[0].record.firstName).toBeDefined()
  })

  it('rejects an unknown member status', async () => {
    const response = await edge.api.patch(`/api/campaigns/${campaignId}/members/${memberIds[0]}`, { status: 'bounced' })
    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain('"bounced"')
  })

  it('returns 404 for a record outside the audience', async () => {
    const response = await edge.api.patch(`/api/campaigns/${campaignId}/members/contact:01JZZZZZZZZZZZZZZZZZZZZZZZ`, { status: 'contacted' })
    expect(response.status).toBe(404)
  })

  it('rejects a launch without a segment', async () => {
    const draft = await edge.api.post('/api/campaigns', { name: 'No audience', status: 'draft' })
    const response = await edge.api.post(`/api/campaigns/${draft.body._id}/launch`, {})
    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('missing_segment')
  })

  it('rejects a launch to an empty segment', async () => {
    const empty = await edge.api.post('/api/segments', { name: 'Nobody', entityType: 'contact', conditions: [{ field: 'country', value: 'Atlantis' }] })
    const draft = await edge.api.post('/api/campaigns', { name: 'Empty', segmentId: empty.body._id })
    const response = await edge.api.post(`/api/campaigns/${draft.body._id}/launch`, {})
    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('empty_audience')
  })

  it('shows an own-scope owner only their members', async () => {
    const agent = await edge.signIn('agent', { username: 'campaign-agent', recordScope: 'own' })
    const agentId = edge.context.auth.users.findByUsername('campaign-agent')!._id
    const own = await edge.api.post('/api/contacts', { firstName: 'Owned', country: 'Iceland', ownerId: agentId })
    const other = await edge.api.post('/api/contacts', { firstName: 'Not owned', country: 'Iceland' })
    const segment = await edge.api.post('/api/segments', { name: 'Iceland', entityType: 'contact', conditions: [{ field: 'country', value: 'Iceland' }] })
    const campaign = await edge.api.post('/api/campaigns', { name: 'Iceland visit', segmentId: segment.body._id, ownerId: agentId })
    // The admin launches for the agent, so the audience has a contact the agent does not own.
    expect((await edge.api.post(`/api/campaigns/${campaign.body._id}/launch`, {})).body.members).toBe(2)

    const members = await agent.get(`/api/campaigns/${campaign.body._id}/members`)
    expect(members.status).toBe(200)
    expect(members.body.total).toBe(1)
    expect(members.body.items.map((item: { recordId: string }) => item.recordId)).toEqual([own.body._id])
    const otherPath = `/api/campaigns/${campaign.body._id}/members/${other.body._id}`
    expect((await agent.patch(otherPath, { status: 'contacted' })).status).toBe(404)
    expect((await edge.api.get(`/api/campaigns/${campaign.body._id}/members?status=pending`)).body.total).toBe(2)
    expect((await agent.patch(`/api/campaigns/${campaign.body._id}/members/${own.body._id}`, { status: 'contacted' })).status).toBe(200)
  })

  it('rejects a launch by a viewer', async () => {
    const viewer = await edge.signIn('viewer')
    const response = await viewer.post(`/api/campaigns/${campaignId}/launch`, {})
    expect(response.status).toBe(403)
  })

  it('deletes members with the campaign', async () => {
    const response = await edge.api.delete(`/api/campaigns/${campaignId}`)
    expect(response.status).toBe(204)
    // Members are removed in the background after the delete; poll until they are gone.
    let remaining = -1
    for (let attempt = 0; attempt < 50 && remaining !== 0; attempt++) {
      const page = await edge.context.campaigns!.members.list(campaignId, { limit: 10, offset: 0 })
      remaining = page.total
      if (remaining !== 0) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(remaining).toBe(0)
  })
})
