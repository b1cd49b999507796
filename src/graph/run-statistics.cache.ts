/**
 * The statistics of finished runs, shared by every request of the process:
 * a run's billed units never change once it has ended (SUCCESS, FAILED,
 * CANCELLED, TIMED_OUT), so Collaboration.spend asks AWS for each at most
 * once instead of one Get per run per request. Bounded, least recently used
 * out first.
 *
 * It holds no access decision: the loaders consult it only for runs this
 * request has just listed through the caller's own accounts (the List stays
 * per request; only the Get is saved), so a caller never learns about a run
 * it could not list.
 */
export interface RunStatistics {
  /** CRPU-hours AWS billed; undefined when its statistics do not say. */
  units?: number;
}

export type RunKind = "query" | "job";

/** Enough for every finished run of a busy deployment's recent windows; an entry is a few dozen bytes. */
const DEFAULT_RUN_STATISTICS_ENTRIES = 50_000;

export class RunStatisticsCache {
  private readonly entries = new Map<string, RunStatistics>();

  constructor(readonly maxEntries: number = DEFAULT_RUN_STATISTICS_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(membershipId: string, kind: RunKind, runId: string): RunStatistics | undefined {
    const k = key(membershipId, kind, runId);
    const hit = this.entries.get(k);
    if (hit === undefined) return undefined;
    // Most recently used last: the Map's insertion order is the eviction order.
    this.entries.delete(k);
    this.entries.set(k, hit);
    return hit;
  }

  set(membershipId: string, kind: RunKind, runId: string, statistics: RunStatistics): void {
    const k = key(membershipId, kind, runId);
    this.entries.delete(k);
    this.entries.set(k, statistics);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

const key = (membershipId: string, kind: RunKind, runId: string): string => `${membershipId}/${kind}/${runId}`;
