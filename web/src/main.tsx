import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { MetaResponse } from '@enclave/shared/api'
import { PolicyPage } from './pages/policy/PolicyPage'

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

render(location.pathname.startsWith('/policy') ? <PolicyPage /> : <App />, document.getElementById('app') as HTMLElement)
