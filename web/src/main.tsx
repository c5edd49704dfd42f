import './app/base.css'
import { render } from 'preact'
import { PolicyPage } from './pages/policy/PolicyPage'
import { ResidencyAuditPage } from './pages/policy/ResidencyAuditPage'
import { SessionGate } from './pages/auth/SessionGate'
import { CrmApp } from './app/CrmApp'

function pageFor(pathname: string) {
  if (pathname.startsWith('/policy')) return <PolicyPage />
  if (pathname.startsWith('/residency')) return <ResidencyAuditPage />
  return (
    <SessionGate>
      <CrmApp />
    </SessionGate>
  )
}

render(pageFor(location.pathname), document.getElementById('app') as HTMLElement)
