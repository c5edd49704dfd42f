/** Deal stages that end a deal; a deal in one of them has a close date. */
export const CLOSED_DEAL_STAGES: readonly string[] = ['Won', 'Lost']

/**
 * Returns the close date, today's date in UTC, of a deal that enters Won or Lost, so that
 * reports placing closed deals by close date count it in the month it closed. A deal that
 * moves from an open stage gets it even when it has a close date, which for an open deal is
 * the expected one. A new deal (no `previousStage`) gets it only when it has none. Returns
 * undefined for other records and stages, and for a move between Won and Lost. Callers skip a
 * change that sets the close date itself.
 */
export function closeDateOnClosing(record: Readonly<Record<string, unknown>>, previousStage?: unknown, now = new Date()): string | undefined {
  if (record.type !== 'deal' || !CLOSED_DEAL_STAGES.includes(String(record.stage))) return undefined
  if (previousStage !== undefined && CLOSED_DEAL_STAGES.includes(String(previousStage))) return undefined
  if (previousStage === undefined && typeof record.closeDate === 'string' && record.closeDate !== '') return undefined
  return now.toISOString().slice(0, 10)
}
