/** Deal stages that end a deal; a deal in one of them has a close date. */
export const CLOSED_DEAL_STAGES: readonly string[] = ['Won', 'Lost']

/**
 * Returns the close date that a deal moving into Won or Lost gets when it has none: today's
 * date in UTC. Returns undefined for other records, other stages and deals with a close date,
 * so reports that place won and lost deals by close date count every closed deal.
 */
export function closeDateOnClosing(record: Readonly<Record<string, unknown>>, now = new Date()): string | undefined {
  if (record.type !== 'deal' || !CLOSED_DEAL_STAGES.includes(String(record.stage))) return undefined
  if (typeof record.closeDate === 'string' && record.closeDate !== '') return undefined
  return now.toISOString().slice(0, 10)
}
