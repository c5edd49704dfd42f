import './app/base.css'
import { render } from 'preact'
import { SessionGate } from './pages/auth/SessionGate'
import { CrmApp } from './app/CrmApp'

render(
  <SessionGate>
    <CrmApp />
  </SessionGate>,
  document.getElementById('app') as HTMLElement,
)
