/**
 * Hybrid logical clock stamps for per-field modification times.
 *
 * A stamp is `<wall ms, base 36, 9 chars>-<counter, base 36, 4 chars>-<node>`, so stamps compare
 * correctly as plain strings and stay ordered even when a machine's clock steps backwards.
 * See Kulkarni et al., "Logical Physical Clocks" (2014).
 */
export interface HybridClock {
  /** Returns a new stamp later than every stamp this clock has issued or received. */
  now(): string
  /** Advances the clock past a stamp that arrived from another node. */
  receive(stamp: string): void
}

const WALL_WIDTH = 9
const COUNTER_WIDTH = 4

export function formatStamp(wall: number, counter: number, node: string): string {
  return `${wall.toString(36).padStart(WALL_WIDTH, '0')}-${counter
    .toString(36)
    .padStart(COUNTER_WIDTH, '0')}-${node}`
}

export function parseStamp(stamp: string): { wall: number; counter: number; node: string } | null {
  const [wall, counter, ...node] = stamp.split('-')
  if (!wall || !counter || node.length === 0) return null

  const parsed = { wall: parseInt(wall, 36), counter: parseInt(counter, 36), node: node.join('-') }
  return Number.isFinite(parsed.wall) && Number.isFinite(parsed.counter) ? parsed : null
}

export function createClock(node: string, readWallClock: () => number = Date.now): HybridClock {
  let wall = 0
  let counter = 0

  return {
    now() {
      const physical = readWallClock()
      if (physical > wall) {
        wall = physical
        counter = 0
      } else {
        counter += 1
      }
      return formatStamp(wall, counter, node)
    },
    receive(stamp) {
      const remote = parseStamp(stamp)
      if (!remote) return
      if (remote.wall > wall || (remote.wall === wall && remote.counter > counter)) {
        wall = remote.wall
        counter = remote.counter
      }
    },
  }
}

/** Compares two stamps; a missing stamp is older than any stamp. */
export function compareStamps(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0
  if (a === undefined) return -1
  if (b === undefined) return 1
  return a < b ? -1 : 1
}
