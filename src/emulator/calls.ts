/** Counts of calls by account and operation since the last reset (GET /_emulator/calls). */
export class CallCounter {
  private counts = new Map<string, Map<string, number>>();

  record(accountId: string, operation: string): void {
    let ops = this.counts.get(accountId);
    if (!ops) this.counts.set(accountId, (ops = new Map()));
    ops.set(operation, (ops.get(operation) ?? 0) + 1);
  }

  reset(): void {
    this.counts = new Map();
  }

  snapshot(): { total: number; byAccount: Record<string, Record<string, number>>; byOperation: Record<string, number> } {
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
    return { total, byAccount, byOperation };
  }
}
