import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { MetaResponse } from '@enclave/shared/api'
import { PolicyPage } from './pages/policy/PolicyPage'
import { ResidencyAuditPage } from './pages/policy/ResidencyAuditPage'
import { lazyPageFor } from './pages/reports/lazy-pages'

function App() {
  const [meta, setMeta] = useState<MetaResponse | null>(null)

  useEffect(() => {
    fetch('/api/meta')
      .then((response) => response.json() as Promise<MetaResponse>)
      .then(setMeta)
  }, [])

  return (
    <main>
      <h1>Enclave CRM</h1>
      <p data-testid="tier">{meta ? `${meta.tier} ${meta.siteId ?? ''}` : 'Loading'}</p>
    </main>
  )
}

function pageFor(pathname: string) {
  if (pathname.startsWith('/policy')) return <PolicyPage />
  if (pathname.startsWith('/residency')) return <ResidencyAuditPage />
  const lazyPage = lazyPageFor(pathname)
  if (lazyPage) return lazyPage
  return <App />
}

render(pageFor(location.pathname), document.getElementById('app') as HTMLElement)
