import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { errorText } from '../../app/error-text'

function LazyPage({ load }: { load: () => Promise<ComponentType> }) {
  const [Page, setPage] = useState<ComponentType | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    load().then((component) => setPage(() => component), (failure: Error) => setError(errorText(failure)))
  }, [load])

  if (error) return <p role="alert">{error}</p>
  return Page ? <Page /> : <p>…</p>
}

const loadDashboard = () => import('./DashboardPage').then((module) => module.DashboardPage)
const loadSegments = () => import('../segments/SegmentsPage').then((module) => module.SegmentsPage)
const loadCampaigns = () => import('../campaigns/CampaignsPage').then((module) => module.CampaignsPage)

/** Renders the dashboard, loaded on first visit so that its code and charts stay out of the initial bundle. */
export function DashboardRoute() {
  return <LazyPage load={loadDashboard} />
}

/** Renders the segments page, loaded on first visit. */
export function SegmentsRoute() {
  return <LazyPage load={loadSegments} />
}

/** Renders the campaigns page, loaded on first visit. */
export function CampaignsRoute() {
  return <LazyPage load={loadCampaigns} />
}
