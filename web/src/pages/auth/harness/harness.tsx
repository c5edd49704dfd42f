import { render } from 'preact'
import { AuditPage } from '../../audit/AuditPage'
import { SessionGate, useSession } from '../SessionGate'

function SignedIn() {
  const { session, signOut } = useSession()
  return (
    <div>
      <header>
        <span data-testid="signed-in-user">{session.user.username}</span>
        <button type="button" onClick={signOut}>Sign out</button>
      </header>
      {session.actions.includes('view_audit') ? <AuditPage /> : <p data-testid="no-audit">no audit access</p>}
    </div>
  )
}

/**
 * Standalone page for browser tests of the sign-in, setup and audit pages, built apart from
 * the main app: `vite build web/src/pages/auth/harness --config web/vite.config.ts`.
 */
render(
  <SessionGate>
    <SignedIn />
  </SessionGate>,
  document.getElementById('app') as HTMLElement,
)
