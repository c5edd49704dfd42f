/** Payload of a `_bulk_docs` request. */
interface BulkDocsBody {
  docs: unknown[]
  new_edits?: boolean
}

/**
 * Sends a `_bulk_docs` request and, when the server responds with 413 (payload too large), sends the
 * documents again in two halves, recursively, and joins the per-document results into one
 * response. A single document that is still too large keeps the 413.
 */
export async function splitBulkDocs(
  url: string,
  init: RequestInit,
  send: (init: RequestInit) => Promise<Response>,
  onSplit: (parts: number) => void = () => {},
): Promise<Response> {
  const response = await send(init)
  if (response.status !== 413 || typeof init.body !== 'string') return response

  const body = JSON.parse(init.body) as BulkDocsBody
  if (!Array.isArray(body.docs) || body.docs.length <= 1) return response
  await response.body?.cancel()
  onSplit(2)

  const middle = Math.ceil(body.docs.length / 2)
  const results: unknown[] = []
  for (const docs of [body.docs.slice(0, middle), body.docs.slice(middle)]) {
    const part = await splitBulkDocs(url, { ...init, body: JSON.stringify({ ...body, docs }) }, send, onSplit)
    if (!part.ok) return part
    results.push(...((await part.json()) as unknown[]))
  }
  return new Response(JSON.stringify(results), { status: 201, headers: { 'content-type': 'application/json' } })
}
