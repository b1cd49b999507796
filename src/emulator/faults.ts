/**
 * Injected faults (POST /_emulator/faults): per operation, and optionally per
 * account and per region (the region the call was signed for), added latency with jitter and failure rates by kind. A rule with
 * `times` applies to that many matching calls and then lapses, which makes
 * "fail twice, then succeed" deterministic.
 *
 * With a per-request seed, a call's dice depend on the seed, the request
 * itself and how often that request came before (since the rules were last
 * set), not on the order in which concurrent calls happen to arrive: a
 * gateway's retries of one read meet the same outcomes on every run.
 */
import { z } from "zod";
import { seededRandom } from "./random";

export const faultRuleSchema = z.object({
  /** An operation name (ListMemberships, AssumeRole, ...) or "*" for every operation. */
  operation: z.string().min(1),
  /** Only calls attributed to this account; every account when left out. */
  accountId: z.string().regex(/^\d{12}$/).optional(),
  /** Only calls signed for this region (Clean Rooms' regional endpoint; STS's signing region); every region when left out. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/).optional(),
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  jitterMs: z.number().int().min(0).max(60_000).default(0),
  throttleRate: z.number().min(0).max(1).default(0),
  internalErrorRate: z.number().min(0).max(1).default(0),
  dropRate: z.number().min(0).max(1).default(0),
  times: z.number().int().min(1).optional(),
});
export const faultRulesSchema = z.object({ rules: z.array(faultRuleSchema) });
export type FaultRule = z.infer<typeof faultRuleSchema>;

export type FaultOutcome = "throttle" | "internal" | "drop" | undefined;

export class FaultInjector {
  private rules: FaultRule[] = [];
  /** Per request key: how many times it was decided (per-request seeding only). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly random: () => number = Math.random,
    /** When set, calls that pass a request key draw from a generator seeded by (this, key, occurrence). */
    private readonly perRequestSeed?: number,
  ) {}

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
    this.seen.clear();
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /**
   * Picks the first live rule for this call, spends one of its `times`, and says what to do. `requestKey` names the
   * request (operation, path, query, body) for per-request seeding; `region` is the region the call was signed for.
   */
  decide(operation: string, accountId: string | undefined, requestKey?: string, region?: string): { delayMs: number; outcome: FaultOutcome } {
    const rule = this.rules.find(
      (r) =>
        (r.operation === "*" || r.operation === operation) &&
        (!r.accountId || r.accountId === accountId) &&
        (!r.region || r.region === region) &&
        r.times !== 0,
    );
    if (!rule) return { delayMs: 0, outcome: undefined };
    if (rule.times !== undefined) rule.times -= 1;
    const random = this.randomFor(requestKey);
    const delayMs = rule.latencyMs + Math.round(random() * rule.jitterMs);
    const r = random();
    let outcome: FaultOutcome;
    if (r < rule.throttleRate) outcome = "throttle";
    else if (r < rule.throttleRate + rule.internalErrorRate) outcome = "internal";
    else if (r < rule.throttleRate + rule.internalErrorRate + rule.dropRate) outcome = "drop";
    return { delayMs, outcome };
  }

  private randomFor(requestKey: string | undefined): () => number {
    if (this.perRequestSeed === undefined || requestKey === undefined) return this.random;
    const n = (this.seen.get(requestKey) ?? 0) + 1;
    this.seen.set(requestKey, n);
    return seededRandom(fnv1a(`${this.perRequestSeed}\u0000${n}\u0000${requestKey}`));
  }
}

/** FNV-1a, 32 bits: a request key as a seed. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
