import { useState } from 'preact/hooks'
import { authApi, type SessionView } from './auth-api'
import { findCredentialProblem } from './credential-problem'
import { text } from './auth-text'
import { errorText } from '../../app/error-text'

function tokenFromAddress(): string {
  return new URLSearchParams(window.location.search).get('token') ?? ''
}

/**
 * First start: creates the first administrator with the one-time setup token that the server
 * printed on its console. A `?token=` in the address fills the token in.
 */
export function SetupPage({ onSignedIn }: { onSignedIn: (session: SessionView) => void }) {
  const [token, setToken] = useState(tokenFromAddress)
  const [username, setUsername] = useState('admin')
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  async function submit(event: Event) {
    event.preventDefault()
    const problem = findCredentialProblem(username, password)
    if (problem) return setError(problem)
    if (password !== confirmation) return setError(text('passwordsDiffer'))

    setBusy(true)
    setError('')
    try {
      onSignedIn(await authApi.setup(token.trim(), username, password))
    } catch (failure) {
      setError(errorText(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main class="auth-page">
      <form class="auth-form" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">{text('setupTitle')}</h1>
        <p>{text('setupHelp')}</p>
        <label>
          {text('setupToken')}
          <input name="token" autocomplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        </label>
        <label>
          {text('username')}
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {text('password')}
          <input name="password" type="password" autocomplete="new-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          <small>{text('passwordHint')}</small>
        </label>
        <label>
          {text('confirmPassword')}
          <input name="confirmation" type="password" autocomplete="new-password" required value={confirmation} onInput={(e) => setConfirmation(e.currentTarget.value)} />
        </label>
        {error && <p class="auth-error" role="alert" data-testid="setup-error">{error}</p>}
        <button type="submit" disabled={busy}>{text('createAdmin')}</button>
      </form>
    </main>
  )
}
