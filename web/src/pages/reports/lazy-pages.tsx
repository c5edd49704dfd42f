import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'

function LazyPage({ load }: { load: () => Promise<ComponentType> }) {
  const [Page, setPage] = useState<ComponentType | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    load().then((component) => setPage(() => component), (failure: Error) => setError(failure.message))
  }, [load])

  if (error) return <p role="alert">{error}</p>
  return Page ? <Page /> : <p>…</p>
}

const loadDashboard = () => import('./DashboardPage').then((module) => module.DashboardPage)
const loadSegments = () => import('../segments/SegmentsPage').then((module) => module.SegmentsPage)
const loadCampaigns = () => import('../campaigns/CampaignsPage').then((module) => module.CampaignsPage)

/**
 * Returns the dashboard, segment or campaign page for a path, or undefined for other paths.
 * Each page loads on first use, so its code and charts stay out of the app's initial bundle.
 */
export function lazyPageFor(pathname: string) {
  if (pathname.startsWith('/reports') || pathname.startsWith('/dashboard')) return <LazyPage load={loadDashboard} />
  if (pathname.startsWith('/segments')) return <LazyPage load={loadSegments} />
  if (pathname.startsWith('/campaigns')) return <LazyPage load={loadCampaigns} />
  return undefined
}
