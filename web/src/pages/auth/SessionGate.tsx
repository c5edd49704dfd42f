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

/** `ended` marks a session that ended while the app was open, which shows sign-in over the app. */
type GateState = { kind: 'loading' } | { kind: 'setup' } | { kind: 'login' } | { kind: 'ready'; session: SessionView; ended?: boolean }

/**
 * Shows the first-admin setup page, the sign-in page or the app, and keeps the session token
 * renewed while the page is open. When an API call finds the session ended, it shows sign-in
 * as a dialog over the app, which stays mounted but inert. Signing in again as the same user
 * returns to the page as it was, text typed into forms included. Another user gets the app
 * reloaded, so nothing of the earlier user's page stays on screen.
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

  const ended = state.kind === 'ready' && state.ended === true
  const markEnded = () => setState((current) => (current.kind === 'ready' ? { ...current, ended: true } : current))

  useEffect(() => {
    if (state.kind !== 'ready' || ended) return
    return onSessionEnded(markEnded)
  }, [state.kind, ended])

  useEffect(() => {
    if (state.kind !== 'ready' || ended) return
    const timer = setInterval(() => {
      authApi.renew().then((session) => setState({ kind: 'ready', session }), markEnded)
    }, RENEW_EVERY_MS)
    return () => clearInterval(timer)
  }, [state.kind, ended])

  const signedIn = (session: SessionView) => setState({ kind: 'ready', session })
  if (state.kind === 'loading') return <p class="auth-loading">{text('loading')}</p>
  if (state.kind === 'setup') return <SetupPage onSignedIn={signedIn} />
  if (state.kind === 'login') return <LoginPage onSignedIn={signedIn} />

  const value: SessionState = {
    session: state.session,
    can: (action) => state.session.actions.includes(action),
    signOut: async () => {
      await authApi.logout().catch(() => undefined)
      setState({ kind: 'login' })
    },
  }
  const signedInAgain = (session: SessionView) => {
    if (session.user.id === state.session.user.id) signedIn(session)
    else window.location.reload()
  }
  // The app keeps one place in the tree whether or not the session ended, so Preact keeps it mounted.
  return (
    <SessionContext.Provider value={value}>
      <div class="session-app" inert={ended || undefined} aria-hidden={ended ? 'true' : undefined}>
        {children}
      </div>
      {ended && <LoginPage onSignedIn={signedInAgain} sessionEnded />}
    </SessionContext.Provider>
  )
}
