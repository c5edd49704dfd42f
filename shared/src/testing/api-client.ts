/** A response read whole: status, headers and the parsed JSON body (or text when not JSON). */
export interface ApiResponse<T = any> {
  status: number
  headers: Headers
  body: T
}

/**
 * A small HTTP client for tests and scripts that keeps cookies between requests, so a logged-in
 * session and its CSRF token carry over.
 */
export class ApiClient {
  private readonly cookies = new Map<string, string>()
  /** Headers sent with every request, such as a CSRF token. */
  readonly headers: Record<string, string> = {}

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  getCookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { ...this.headers, ...headers } }
    const requestHeaders = init.headers as Record<string, string>
    if (this.cookies.size > 0) requestHeaders.cookie = this.cookieHeader()
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array || body instanceof FormData) {
        init.body = body as BodyInit
      } else {
        init.body = JSON.stringify(body)
        requestHeaders['content-type'] ??= 'application/json'
      }
    }

    const response = await fetch(`${this.baseUrl}${path}`, init)
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const equals = pair.indexOf('=')
      const name = pair.slice(0, equals).trim()
      const value = pair.slice(equals + 1).trim()
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }

    const text = await response.text()
    let parsed: unknown = text
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text)
    return { status: response.status, headers: response.headers, body: parsed as T }
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers)
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers)
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers)
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers)
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers)
  }
}
