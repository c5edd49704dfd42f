import type { ListPage } from '@enclave/shared/api'
import type { SegmentCondition, SegmentEntityType, SegmentMatch } from '@enclave/shared/segments/conditions'
import { request } from '../reports/request'

/** A saved segment as the record API returns it. */
export interface SegmentView {
  _id: string
  _rev: string
  name: string
  entityType: SegmentEntityType
  match?: SegmentMatch
  conditions?: SegmentCondition[]
}

/** A segment being edited; `id` is set once it has been saved. */
export interface SegmentDraft {
  id?: string
  name: string
  entityType: SegmentEntityType
  match: SegmentMatch
  conditions: SegmentCondition[]
}

export type MemberView = Record<string, unknown> & { _id: string }

/** Calls to the segment routes of the edge. */
export const segmentApi = {
  list: () => request<ListPage<SegmentView>>('GET', '/api/segments?limit=500&sort=name'),
  count: (id: string) => request<{ total: number }>('GET', `/api/segments/${encodeURIComponent(id)}/count`),
  members: (id: string, offset: number) =>
    request<ListPage<MemberView>>('GET', `/api/segments/${encodeURIComponent(id)}/members?limit=50&offset=${offset}`),
  preview: (draft: SegmentDraft) =>
    request<{ total: number; items: MemberView[] }>('POST', '/api/segment-previews', {
      entityType: draft.entityType,
      match: draft.match,
      conditions: draft.conditions,
    }),
  save: (draft: SegmentDraft) => {
    const body = { name: draft.name, entityType: draft.entityType, match: draft.match, conditions: draft.conditions }
    return draft.id ? request<SegmentView>('PATCH', `/api/segments/${encodeURIComponent(draft.id)}`, body) : request<SegmentView>('POST', '/api/segments', body)
  },
}
