import { passwordDetail, usernameDetail } from '@enclave/shared/auth/password-policy'
import { describeError } from '../../app/error-text'

/**
 * Checks a new user name and password by the server's rules before they are sent. Returns the
 * first rule they break in the app's language, or undefined when they break none.
 */
export function findCredentialProblem(username: string, password: string): string | undefined {
  const detail = usernameDetail(username, 'username') ?? passwordDetail(password, username, 'password')
  return detail && describeError(detail)
}
