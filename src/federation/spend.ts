/**
 * Who pays how much: the compute AWS billed for a collaboration's finished
 * runs, summed by payer, cost type or membership. Pure: the runs come in
 * already read (the run list, then each finished run's statistics).
 *
 * The units are AWS's own billedResourceUtilization.units (CRPU-hours:
 * workers × worker size × hours running), never recomputed from duration:
 * a run AWS reported no units for counts in `runsWithoutStatistics`, so a
 * caller sees how much of the picture is missing instead of a guess. It is
 * an estimate of billed compute, not money: prices, discounts and other
 * cost types are AWS Billing's business.
 */
export type SpendGroupBy = "PAYER" | "COST_TYPE" | "MEMBERSHIP";
export type RunCostType = "QUERY_COMPUTE" | "JOB_COMPUTE";

export const FINISHED: ReadonlySet<string> = new Set(["SUCCESS", "FAILED", "CANCELLED", "TIMED_OUT"]);

export interface SpendRun {
  id: string;
  membershipId: string;
  costType: RunCostType;
  /** Who pays (the run's queryComputePayerAccountId / jobComputePayerAccountId); undefined when AWS names none. */
  payerAccountId?: string;
  /** CRPU-hours AWS billed; undefined when its statistics do not say. */
  units?: number;
}

export interface SpendTotals {
  units: number;
  runCount: number;
  runsWithoutStatistics: number;
  /** runsWithoutStatistics / runCount; 0 with no runs. */
  missingStatisticsShare: number;
}

export interface SpendGroup extends SpendTotals {
  /** The payer's account id, the cost type or the membership id; null for runs whose payer AWS does not name. */
  key: string | null;
}

export interface Spend extends SpendTotals {
  groups: SpendGroup[];
}

/** A window [from, to) (either end open when left out): a run counts when it was created in it and has finished. */
export function inWindow(run: { status?: string; createTime?: Date }, from?: Date, to?: Date): boolean {
  const t = run.createTime?.getTime();
  return t !== undefined && FINISHED.has(run.status ?? "") && (from === undefined || t >= from.getTime()) && (to === undefined || t < to.getTime());
}

const keyOf: Record<SpendGroupBy, (r: SpendRun) => string | null> = {
  PAYER: (r) => r.payerAccountId ?? null,
  COST_TYPE: (r) => r.costType,
  MEMBERSHIP: (r) => r.membershipId,
};

function totals(runs: readonly SpendRun[]): SpendTotals {
  const missing = runs.filter((r) => r.units === undefined).length;
  return {
    units: runs.reduce((sum, r) => sum + (r.units ?? 0), 0),
    runCount: runs.length,
    runsWithoutStatistics: missing,
    missingStatisticsShare: runs.length === 0 ? 0 : missing / runs.length,
  };
}

/** The runs' totals, and one group per key: most units first, then by key (runs without a payer last). */
export function spendOf(runs: readonly SpendRun[], groupBy: SpendGroupBy): Spend {
  // A run listed twice (two readers, a retried page) is billed once.
  const unique = [...new Map(runs.map((r) => [`${r.costType}/${r.membershipId}/${r.id}`, r])).values()];
  const byKey = new Map<string | null, SpendRun[]>();
  for (const r of unique) {
    const k = keyOf[groupBy](r);
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const groups = [...byKey.entries()]
    .map(([key, rs]) => ({ key, ...totals(rs) }))
    .sort((a, b) => b.units - a.units || (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key)));
  return { ...totals(unique), groups };
}
