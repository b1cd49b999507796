/**
 * Injected faults (POST /_emulator/faults): per operation, and optionally per
 * account, added latency with jitter and failure rates by kind. A rule with
 * `times` applies to that many matching calls and then lapses, which makes
 * "fail twice, then succeed" deterministic.
 */
import { z } from "zod";

export const faultRuleSchema = z.object({
  /** An operation name (ListMemberships, AssumeRole, ...) or "*" for every operation. */
  operation: z.string().min(1),
  /** Only calls attributed to this account; every account when left out. */
  accountId: z.string().regex(/^\d{12}$/).optional(),
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

  constructor(private readonly random: () => number = Math.random) {}

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Picks the first live rule for this call, spends one of its `times`, and says what to do. */
  decide(operation: string, accountId: string | undefined): { delayMs: number; outcome: FaultOutcome } {
    const rule = this.rules.find(
      (r) => (r.operation === "*" || r.operation === operation) && (!r.accountId || r.accountId === accountId) && r.times !== 0,
    );
    if (!rule) return { delayMs: 0, outcome: undefined };
    if (rule.times !== undefined) rule.times -= 1;
    const delayMs = rule.latencyMs + Math.round(this.random() * rule.jitterMs);
    const r = this.random();
    let outcome: FaultOutcome;
    if (r < rule.throttleRate) outcome = "throttle";
    else if (r < rule.throttleRate + rule.internalErrorRate) outcome = "internal";
    else if (r < rule.throttleRate + rule.internalErrorRate + rule.dropRate) outcome = "drop";
    return { delayMs, outcome };
  }
}
