/**
 * How long a poller waits before its next read: the minimum right after a
 * change (more changes tend to follow: STARTED soon after SUBMITTED, the
 * next vote after one), growing while nothing changes, and growing faster
 * when AWS throttles or fails, never beyond the maximum. Pure.
 */

export interface IntervalBounds {
  /** The interval after a change, and the first one. */
  minMs: number;
  /** The longest wait between two reads of one resource. */
  maxMs: number;
}

/** What the last read found. */
export type PollOutcome = "changed" | "unchanged" | "throttled" | "failed";

/** Growth of the interval per outcome: gently while nothing changes, steeply while AWS throttles. */
const GROWTH: Record<Exclude<PollOutcome, "changed">, number> = { unchanged: 1.5, failed: 2, throttled: 4 };

export function nextInterval(currentMs: number, outcome: PollOutcome, bounds: IntervalBounds): number {
  if (outcome === "changed") return bounds.minMs;
  const grown = Math.max(bounds.minMs, currentMs) * GROWTH[outcome];
  return Math.round(Math.min(bounds.maxMs, grown));
}

/**
 * An account's polling budget shared by the `pollers` of its resources: each
 * waits at least pollers / budget seconds, so that together they make at
 * most `budget` polls a second; more resources stretch the intervals instead
 * of adding calls. No budget: `ms` as it is.
 */
export function stretchedInterval(ms: number, pollers: number, budgetPerSecond: number | undefined): number {
  if (budgetPerSecond === undefined) return ms;
  return Math.max(ms, Math.ceil((Math.max(1, pollers) / budgetPerSecond) * 1000));
}

/**
 * The wait actually scheduled: up to 10% longer, at random, so that many
 * resources watched since the same moment do not read AWS in lockstep.
 */
export const withJitter = (ms: number, random: () => number): number => Math.round(ms * (1 + 0.1 * random()));

export function checkBounds(bounds: IntervalBounds): IntervalBounds {
  if (!(bounds.minMs > 0) || !(bounds.maxMs >= bounds.minMs)) {
    throw new Error(`watch intervals: need 0 < minIntervalMs <= maxIntervalMs, got ${bounds.minMs} and ${bounds.maxMs}`);
  }
  return bounds;
}
