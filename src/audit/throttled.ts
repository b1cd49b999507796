/**
 * A principal over its rate limit may send refused mutations as fast as its
 * connection allows; recording each would let it push real events out of
 * the capped stream. So a THROTTLED refusal is recorded at most once per
 * principal per `windowMs`; the next one recorded says how many were not
 * (`repeated`). Other refusals are always recorded.
 */

export class ThrottledRefusals {
  private readonly last = new Map<string, { at: number; skipped: number }>();

  constructor(
    private readonly windowMs = 1_000,
    /** Principals remembered at once; past it the memory starts over (a few extra events, never fewer). */
    private readonly maxPrincipals = 10_000,
  ) {}

  /** Whether to record this THROTTLED refusal of `principal` at `now` (ms), and how many were skipped before it. */
  admit(principal: string, now: number): { record: boolean; repeated: number } {
    const seen = this.last.get(principal);
    if (seen && now - seen.at < this.windowMs) {
      seen.skipped++;
      return { record: false, repeated: 0 };
    }
    if (!seen && this.last.size >= this.maxPrincipals) this.last.clear();
    this.last.set(principal, { at: now, skipped: 0 });
    return { record: true, repeated: seen?.skipped ?? 0 };
  }
}
