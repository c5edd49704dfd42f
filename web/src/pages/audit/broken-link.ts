import { text, TEXT, type TextKey } from '../auth/auth-text'
import type { BrokenLinkView } from './audit-api'

/**
 * Writes the first broken link of the audit chain in the app's language. A reason without its
 * own sentence, or a link without params from an older edge, keeps the server's English message.
 */
export function describeBrokenLink(link: BrokenLinkView): string {
  const key = `chainBroken.${link.reason}`
  if (link.params && key in TEXT.en) return text(key as TextKey, { ...link.params, seq: link.seq })
  return text('chainBroken', { seq: link.seq, reason: link.reason, message: link.message })
}
