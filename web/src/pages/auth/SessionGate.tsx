import './auth.css'
import type { ComponentChildren } from 'preact'
import { createContext } from 'preact'
import { useContext, useEffect, useState } from 'preact/hooks'
import type { Action } from '@enclave/shared/auth/roles'
import { onSessionEnded } from '../../app/session-expiry'
import { AuthApiError, authApi, type SessionView } from './auth-api'
import { text } from './auth-text'
import { LoginPage } from './LoginPage'
import { SetupPage } from './SetupPage'

/** Renew the session token this often while the page is open; tokens live 15 minutes. */
const RENEW_EVERY_MS = 5 * 60 * 1000

interface SessionState {
  session: SessionView
  /** Whether the signed-in role may perform `action`; the UI hides what the API would deny. */
  can(action: Action): boolean
  signOut(): Promise<void>
}

const SessionContext = createContext<SessionState | null>(null)

/** Returns the current session; only valid inside `SessionGate`. */
export function useSession(): SessionState {
  const state = useContext(SessionContext)
  if (!state) throw new Error('useSession() is used outside SessionGate')
  return state
}

/** `ended` marks a sign-in page shown because the session ended while the app was open. */
type GateState = { kind: 'loading' } | { kind: 'setup' } | { kind: 'login'; ended?: boolean } | { kind: 'ready'; session: SessionView }

/**
 * Shows the first-admin setup page, the sign-in page or the app, and keeps the session token
 * renewed while the page is open. When an API call finds the session ended, it shows the
 * sign-in page in place of the app without changing the URL, so that signing in reopens the
 * same page.
 */
export function SessionGate({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<GateState>({ kind: 'loading' })

  async function load() {
    const status = await authApi.status()
    if (status.setupRequired) return setState({ kind: 'setup' })
    try {
      setState({ kind: 'ready', session: await authApi.session() })
    } catch (error) {
      if (error instanceof AuthApiError && error.status === 401) return setState({ kind: 'login' })
      throw error
    }
  }

  useEffect(() => {
    load().catch(() => setState({ kind: 'login' }))
  }, [])

  useEffect(() => {
    if (state.kind !== 'ready') return
    return onSessionEnded(() => setState({ kind: 'login', ended: true }))
  }, [state.kind])

  useEffect(() => {
    if (state.kind !== 'ready') return
    const timer = setInterval(() => {
      authApi.renew().then(
        (session) => setState({ kind: 'ready', session }),
        () => setState({ kind: 'login', ended: true }),
      )
    }, RENEW_EVERY_MS)
    return () => clearInterval(timer)
  }, [state.kind])

  const signedIn = (session: SessionView) => setState({ kind: 'ready', session })
  if (state.kind === 'loading') return <p class="auth-loading">{text('loading')}</p>
  if (state.kind === 'setup') return <SetupPage onSignedIn={signedIn} />
  if (state.kind === 'login') return <LoginPage onSignedIn={signedIn} sessionEnded={state.ended} />

  const value: SessionState = {
    session: state.session,
    can: (action) => state.session.actions.includes(action),
    signOut: async () => {
      await authApi.logout().catch(() => undefined)
      setState({ kind: 'login' })
    },
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}
