/**
 * Counts of calls by account and operation since the last reset (GET /_emulator/calls), and of Clean Rooms calls by
 * account and region, STS included (`byRegion`, keyed `<accountId>/<region>`: AWS's quotas are per account and region).
 */
export class CallCounter {
  private counts = new Map<string, Map<string, number>>();
  private regional = new Map<string, Map<string, number>>();

  record(accountId: string, operation: string, region?: string): void {
    bump(this.counts, accountId, operation);
    if (region !== undefined) bump(this.regional, `${accountId}/${region}`, operation);
  }

  reset(): void {
    this.counts = new Map();
    this.regional = new Map();
  }

  snapshot(): { total: number; byAccount: Record<string, Record<string, number>>; byOperation: Record<string, number>; byRegion: Record<string, Record<string, number>> } {
    const byRegion: Record<string, Record<string, number>> = {};
    for (const [key, ops] of [...this.regional].sort(([a], [b]) => a.localeCompare(b))) {
      byRegion[key] = Object.fromEntries([...ops].sort(([a], [b]) => a.localeCompare(b)));
    }
    let total = 0;
    const byAccount: Record<string, Record<string, number>> = {};
    const byOperation: Record<string, number> = {};
    for (const [account, ops] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      byAccount[account] = {};
      for (const [op, n] of [...ops].sort(([a], [b]) => a.localeCompare(b))) {
        byAccount[account][op] = n;
        byOperation[op] = (byOperation[op] ?? 0) + n;
        total += n;
      }
    }
    return { total, byAccount, byOperation, byRegion };
  }
}

function bump(counts: Map<string, Map<string, number>>, key: string, operation: string): void {
  let ops = counts.get(key);
  if (!ops) counts.set(key, (ops = new Map()));
  ops.set(operation, (ops.get(operation) ?? 0) + 1);
}
