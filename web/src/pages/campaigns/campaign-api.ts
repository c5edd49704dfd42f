import type { ListPage } from '@enclave/shared/api'
import type { CampaignMemberStatus, CampaignStep } from '@enclave/shared/segments/campaign-steps'
import { request } from '../reports/request'

export interface CampaignView {
  _id: string
  name: string
  segmentId?: string
  status?: string
  steps?: CampaignStep[]
  launchedAt?: string
  memberCount?: number
}

export interface CampaignProgressView {
  members: number
  byStatus: Record<CampaignMemberStatus, number>
  responseRate: number
  conversionRate: number
  steps: (CampaignStep & { activities: number; done: number; cancelled: number; dueAt?: string })[]
}

export interface CampaignMemberView {
  recordId: string
  status: CampaignMemberStatus
  record: (Record<string, unknown> & { _id: string }) | null
}

/** Calls to the campaign routes of the edge. */
export const campaignApi = {
  list: () => request<ListPage<CampaignView>>('GET', '/api/campaigns?limit=500&sort=-createdAt'),
  get: (id: string) => request<CampaignView>('GET', `/api/campaigns/${encodeURIComponent(id)}`),
  create: (body: { name: string; segmentId?: string; steps: CampaignStep[] }) => request<CampaignView>('POST', '/api/campaigns', { ...body, status: 'draft' }),
  launch: (id: string) => request<{ members: number; activities: number }>('POST', `/api/campaigns/${encodeURIComponent(id)}/launch`, {}),
  progress: (id: string) => request<CampaignProgressView>('GET', `/api/campaigns/${encodeURIComponent(id)}/progress`),
  members: (id: string) => request<ListPage<CampaignMemberView>>('GET', `/api/campaigns/${encodeURIComponent(id)}/members?limit=100`),
  setStatus: (id: string, recordId: string, status: CampaignMemberStatus) =>
    request<CampaignMemberView>('PATCH', `/api/campaigns/${encodeURIComponent(id)}/members/${encodeURIComponent(recordId)}`, { status }),
}
