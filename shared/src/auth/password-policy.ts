/** Shortest password accepted; long passphrases beat complexity rules (NIST SP 800-63B 5.1.1). */
export const MIN_PASSWORD_LENGTH = 12

/** Longest password accepted, so that hashing cost stays bounded for hostile input. */
export const MAX_PASSWORD_LENGTH = 256

/** Fewest different characters a password has, which rules out 'aaaaaaaaaaaa'. */
const MIN_DISTINCT_CHARACTERS = 4

/** Account names: lower-case letters, digits, dots, dashes and underscores, 2 to 64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/

/**
 * Returns why `password` is not acceptable for `username`, or undefined when it is.
 * The message never repeats the password.
 */
export function findPasswordProblem(password: unknown, username = ''): string | undefined {
  if (password === undefined || password === null || password === '') return 'the password is missing; send it as a string'
  if (typeof password !== 'string') return `the password is a ${typeof password}, not text; send it as a string`
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `the password has ${password.length} characters; use at least ${MIN_PASSWORD_LENGTH}`
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `the password has ${password.length} characters; use at most ${MAX_PASSWORD_LENGTH}`
  }
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) {
    return `the password uses fewer than ${MIN_DISTINCT_CHARACTERS} different characters; use a passphrase`
  }
  if (username !== '' && password.toLowerCase().includes(username.toLowerCase())) {
    return 'the password contains the user name; choose one that does not'
  }
  return undefined
}

/** Returns why `username` is not acceptable, or undefined when it is. */
export function findUsernameProblem(username: unknown): string | undefined {
  if (typeof username !== 'string' || username === '') return 'the user name is missing'
  if (!USERNAME_PATTERN.test(username)) {
    return `the user name '${username.slice(0, 80)}' is invalid; use 2 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit`
  }
  return undefined
}
