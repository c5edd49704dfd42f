import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation, useRoute } from 'preact-iso'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { CAMPAIGN_MEMBER_STATUSES, CAMPAIGN_STEP_KINDS, type CampaignMemberStatus, type CampaignStep, type CampaignStepKind } from '@enclave/shared/segments/campaign-steps'
import { reportText, segmentTerm } from '../reports/report-text'
import '../reports/reports.css'
import { segmentApi, type SegmentView } from '../segments/segment-api'
import { campaignApi, type CampaignMemberView, type CampaignProgressView, type CampaignView } from './campaign-api'
import { errorText } from '../../app/error-text'
import { can, useApp } from '../../app/app-context'
import { currentLanguage, t } from '../../app/i18n'
import { EmptyList, RecordNotFound } from '../../shell/StateMessage'
import { RequestError } from '../reports/request'

function memberTitle(member: CampaignMemberView): string {
  const record = member.record
  if (!record) return member.recordId
  const type = String(record.type) as keyof typeof ENTITY_SCHEMAS
  const parts = (ENTITY_SCHEMAS[type]?.titleFields ?? []).map((field) => record[field]).filter(Boolean)
  return parts.length > 0 ? parts.join(' ') : member.recordId
}

function CampaignDetail({ campaign, canEdit, onChanged }: { campaign: CampaignView; canEdit: boolean; onChanged: () => void }) {
  const [progress, setProgress] = useState<CampaignProgressView | null>(null)
  const [members, setMembers] = useState<CampaignMemberView[]>([])
  const [message, setMessage] = useState('')
  const [error, setError] = useState('')

  async function reload() {
    setProgress(await campaignApi.progress(campaign._id))
    setMembers((await campaignApi.members(campaign._id)).items)
  }

  useEffect(() => {
    reload().catch((failure: Error) => setError(errorText(failure)))
  }, [campaign._id])

  async function launch() {
    setError('')
    try {
      // A campaign without an audience skips the question because the server rejects its launch.
      if (campaign.segmentId) {
        const audience = await segmentApi.count(campaign.segmentId)
        if (!confirm(t('campaigns.confirmLaunch', { name: campaign.name, count: audience.total }))) return
      }
      const result = await campaignApi.launch(campaign._id)
      setMessage(reportText('launchedResult', { members: result.members, activities: result.activities }))
      await reload()
      onChanged()
    } catch (failure) {
      setError(errorText(failure))
    }
  }

  async function setStatus(recordId: string, status: CampaignMemberStatus) {
    setError('')
    try {
      await campaignApi.setStatus(campaign._id, recordId, status)
      await reload()
    } catch (failure) {
      setError(errorText(failure))
    }
  }

  return (
    <article class="report-card" data-campaign={campaign._id}>
      <h2>{campaign.name}</h2>
      <p>{reportText('status')}: {segmentTerm('campaignStatus', campaign.status ?? 'draft')}</p>
      {canEdit && !campaign.launchedAt && <button type="button" onClick={launch}>{reportText('launch')}</button>}
      {message && <p role="status">{message}</p>}
      {error && <p class="report-error" role="alert">{error}</p>}
      {progress && progress.members > 0 && (
        <>
          <h3>{reportText('progress')}</h3>
          <dl class="report-totals">
            {CAMPAIGN_MEMBER_STATUSES.map((status) => (
              <div key={status} data-status={status}><dt>{segmentTerm('memberStatus', status)}</dt><dd>{progress.byStatus[status]}</dd></div>
            ))}
          </dl>
          <p>{reportText('responseRate', { rate: progress.responseRate })} · {reportText('conversionRate', { rate: progress.conversionRate })}</p>
          <ul>
            {progress.steps.map((step, index) => (
              <li key={index}>{reportText('stepLine', { kind: segmentTerm('stepKind', step.kind), days: step.offsetDays, subject: step.subject })} ({reportText('stepDone', { done: step.done, activities: step.activities })})</li>
            ))}
          </ul>
          <table class="crm-table">
            <tbody>
              {members.map((member) => (
                <tr key={member.recordId}>
                  <td>{memberTitle(member)}</td>
                  <td>
                    <select aria-label={reportText('status')} value={member.status} disabled={!canEdit} onChange={(event) => setStatus(member.recordId, (event.target as HTMLSelectElement).value as CampaignMemberStatus)}>
                      {CAMPAIGN_MEMBER_STATUSES.map((status) => <option key={status} value={status}>{segmentTerm('memberStatus', status)}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  )
}

function campaignHref(id: string): string {
  return `/campaigns/${encodeURIComponent(id)}`
}

/**
 * Shows a form that creates a campaign from a segment and steps, the list of campaigns, and
 * for the one named in the URL (`/campaigns/<id>`) its launch button, progress and member
 * statuses.
 */
export function CampaignsPage() {
  const app = useApp()
  // Creating, launching and recording responses need the edit action; reading does not.
  const canEdit = can(app, 'edit')
  const { route } = useLocation()
  const { params } = useRoute()
  const selected = params.id ? decodeURIComponent(params.id) : null
  const [campaigns, setCampaigns] = useState<CampaignView[] | null>(null)
  /** Campaign named in the URL that the list lacks, or `missing` when no campaign has that id. */
  const [outside, setOutside] = useState<{ id: string; campaign: CampaignView | 'missing' } | null>(null)
  const [segments, setSegments] = useState<SegmentView[]>([])
  const [name, setName] = useState('')
  const [segmentId, setSegmentId] = useState('')
  const [steps, setSteps] = useState<CampaignStep[]>([])
  const [error, setError] = useState('')
  const nameInput = useRef<HTMLInputElement>(null)

  async function reload() {
    setCampaigns((await campaignApi.list()).items)
  }

  // The list contains the newest 500 campaigns only, so the one named in the URL may be absent.
  useEffect(() => {
    if (!campaigns || !selected || campaigns.some((campaign) => campaign._id === selected)) return
    let current = true
    campaignApi.get(selected).then(
      (campaign) => current && setOutside({ id: selected, campaign }),
      (failure: Error) => {
        if (!current) return
        if (failure instanceof RequestError && failure.status === 404) setOutside({ id: selected, campaign: 'missing' })
        else setError(errorText(failure))
      },
    )
    return () => {
      current = false
    }
  }, [campaigns, selected])

  useEffect(() => {
    reload().catch((failure: Error) => setError(errorText(failure)))
    segmentApi.list().then((page) => setSegments(page.items), (failure: Error) => setError(errorText(failure)))
  }, [])

  async function create(event: Event) {
    event.preventDefault()
    setError('')
    try {
      const created = await campaignApi.create({ name, segmentId: segmentId || undefined, steps })
      // An empty form keeps a second click from creating the same campaign again.
      setName('')
      setSegmentId('')
      setSteps([])
      await reload()
      route(campaignHref(created._id))
    } catch (failure) {
      setError(errorText(failure))
    }
  }

  function updateStep(position: number, next: Partial<CampaignStep>) {
    setSteps(steps.map((step, index) => (index === position ? { ...step, ...next } : step)))
  }

  const found = outside?.id === selected ? outside.campaign : undefined
  if (found === 'missing') {
    return (
      <section class="campaigns-page" aria-labelledby="campaigns-title">
        <h1 id="campaigns-title">{reportText('campaignsTitle')}</h1>
        <RecordNotFound listHref="/campaigns" listLabel={t('nav.campaigns')} />
      </section>
    )
  }

  const chosen = campaigns?.find((campaign) => campaign._id === selected) ?? found
  return (
    <section class="campaigns-page" aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{reportText('campaignsTitle')}</h1>
      {error && <p class="report-error" role="alert">{error}</p>}

      {canEdit ? <form onSubmit={create}>
        <h2>{reportText('newCampaign')}</h2>
        <div class="crm-form">
          <label>
            {reportText('name')}
            <input ref={nameInput} name="name" value={name} onInput={(event) => setName((event.target as HTMLInputElement).value)} />
          </label>
          <label>
            {reportText('audience')}
            <select name="segmentId" value={segmentId} onChange={(event) => setSegmentId((event.target as HTMLSelectElement).value)}>
              <option value="">—</option>
              {segments.map((segment) => <option key={segment._id} value={segment._id}>{segment.name}</option>)}
            </select>
          </label>
        </div>
        {steps.map((step, position) => (
          <div class="crm-form" key={position} data-step>
            <label>
              {reportText('kind')}
              <select value={step.kind} onChange={(event) => updateStep(position, { kind: (event.target as HTMLSelectElement).value as CampaignStepKind })}>
                {CAMPAIGN_STEP_KINDS.map((kind) => <option key={kind} value={kind}>{segmentTerm('stepKind', kind)}</option>)}
              </select>
            </label>
            <label>
              {reportText('offsetDays')}
              <input type="number" min={0} value={step.offsetDays} onInput={(event) => updateStep(position, { offsetDays: Number((event.target as HTMLInputElement).value) })} />
            </label>
            <label>
              {reportText('subject')}
              <input value={step.subject} onInput={(event) => updateStep(position, { subject: (event.target as HTMLInputElement).value })} />
            </label>
            <button type="button" onClick={() => setSteps(steps.filter((_, index) => index !== position))}>{reportText('remove')}</button>
          </div>
        ))}
        <div class="crm-form">
          <button type="button" onClick={() => setSteps([...steps, { kind: 'call', offsetDays: 0, subject: '' }])}>{reportText('addStep')}</button>
          <button type="submit">{reportText('create')}</button>
        </div>
      </form> : null}

      {campaigns?.length === 0 ? (
        <EmptyList
          items={t('nav.campaigns').toLocaleLowerCase(currentLanguage())}
          action={canEdit ? <button type="button" class="primary" onClick={() => nameInput.current?.focus()}>{reportText('newCampaign')}</button> : undefined}
        />
      ) : campaigns ? (
        <table class="crm-table">
          <thead>
            <tr><th>{reportText('name')}</th><th>{reportText('status')}</th><th>{reportText('members')}</th></tr>
          </thead>
          <tbody>
            {campaigns.map((campaign) => (
              <tr key={campaign._id}>
                <td><a href={campaignHref(campaign._id)} dir="auto">{campaign.name}</a></td>
                <td>{segmentTerm('campaignStatus', campaign.status ?? 'draft')}</td>
                <td>{campaign.memberCount ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {chosen && <CampaignDetail key={chosen._id} campaign={chosen} canEdit={canEdit} onChanged={() => reload().catch(() => undefined)} />}
    </section>
  )
}
