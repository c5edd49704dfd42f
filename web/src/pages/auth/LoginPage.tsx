import { useState } from 'preact/hooks'
import { AuthApiError, authApi, type SessionView } from './auth-api'
import { text } from './auth-text'
import { errorText } from '../../app/error-text'

/**
 * Sign-in form; calls `onSignedIn` with the new session. `sessionEnded` shows it as a dialog over
 * the page whose session ended, with a note that signing in returns to that page as it was.
 */
export function LoginPage({ onSignedIn, sessionEnded = false }: { onSignedIn: (session: SessionView) => void; sessionEnded?: boolean }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  async function submit(event: Event) {
    event.preventDefault()
    setBusy(true)
    setError('')
    try {
      onSignedIn(await authApi.login(username.trim().toLowerCase(), password))
    } catch (failure) {
      if (failure instanceof AuthApiError && failure.status === 429) {
        setError(text('lockedOut', { seconds: failure.retryAfterSeconds ?? 900 }))
      } else {
        setError(errorText(failure))
      }
      setPassword('')
    } finally {
      setBusy(false)
    }
  }

  const form = (
      <form class="auth-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{text('signInTitle')}</h1>
        {sessionEnded && <p class="auth-note" role="status" data-testid="session-ended">{text('sessionEnded')}</p>}
        <label>
          {text('username')}
          <input name="username" autocomplete="username" required autoFocus={sessionEnded} value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {text('password')}
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && <p class="auth-error" role="alert" data-testid="login-error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? text('signingIn') : text('signIn')}</button>
      </form>
  )
  if (!sessionEnded) return <main class="auth-page">{form}</main>
  return (
    <div class="auth-page auth-overlay" role="dialog" aria-modal="true" aria-labelledby="login-title">
      {form}
    </div>
  )
}
