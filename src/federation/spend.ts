/**
 * Who pays how much: the compute AWS billed for a collaboration's finished
 * runs, summed by any combination of payer, cost type and membership (finance
 * asks "who paid how much of what": payer × cost type). Pure: the runs come
 * in already read (the run list, then each finished run's statistics).
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

/** What a group is keyed by: each field of the grouping set, the others left out. */
export interface SpendGroupKey {
  /** With PAYER: the payer's account id; null for runs whose payer AWS does not name. */
  payerAccountId?: string | null;
  /** With COST_TYPE. */
  costType?: RunCostType;
  /** With MEMBERSHIP. */
  membershipId?: string;
}

export interface SpendGroup extends SpendTotals, SpendGroupKey {}

export interface Spend extends SpendTotals {
  groups: SpendGroup[];
}

/** A window [from, to) (either end open when left out): a run counts when it was created in it and has finished. */
export function inWindow(run: { status?: string; createTime?: Date }, from?: Date, to?: Date): boolean {
  const t = run.createTime?.getTime();
  return t !== undefined && FINISHED.has(run.status ?? "") && (from === undefined || t >= from.getTime()) && (to === undefined || t < to.getTime());
}

const FIELDS: Record<SpendGroupBy, (r: SpendRun) => SpendGroupKey> = {
  PAYER: (r) => ({ payerAccountId: r.payerAccountId ?? null }),
  COST_TYPE: (r) => ({ costType: r.costType }),
  MEMBERSHIP: (r) => ({ membershipId: r.membershipId }),
};

/** The order of the grouped fields, whatever order groupBy names them in (each at most once). */
export const GROUPINGS: readonly SpendGroupBy[] = ["PAYER", "COST_TYPE", "MEMBERSHIP"];

const keyOf = (r: SpendRun, groupBy: readonly SpendGroupBy[]): SpendGroupKey => Object.assign({}, ...groupBy.map((g) => FIELDS[g](r))) as SpendGroupKey;

/** Groups with the same units: by payer, cost type, membership in turn; a run without a payer after those with one. */
function byKey(a: SpendGroupKey, b: SpendGroupKey): number {
  for (const field of ["payerAccountId", "costType", "membershipId"] as const) {
    const [x, y] = [a[field], b[field]];
    if (x === y) continue;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function totals(runs: readonly SpendRun[]): SpendTotals {
  const missing = runs.filter((r) => r.units === undefined).length;
  return {
    units: runs.reduce((sum, r) => sum + (r.units ?? 0), 0),
    runCount: runs.length,
    runsWithoutStatistics: missing,
    missingStatisticsShare: runs.length === 0 ? 0 : missing / runs.length,
  };
}

/**
 * The runs' totals, and one group per combination of the grouped fields that some run has (groupBy: any of PAYER,
 * COST_TYPE, MEMBERSHIP, repeats ignored; none: one group of every run). Each group carries every grouped field.
 * Most units first, then by key (runs without a payer after those with one).
 */
export function spendOf(runs: readonly SpendRun[], groupBy: readonly SpendGroupBy[]): Spend {
  const grouping = GROUPINGS.filter((g) => groupBy.includes(g));
  // A run listed twice (two readers, a retried page) is billed once.
  const unique = [...new Map(runs.map((r) => [`${r.costType}/${r.membershipId}/${r.id}`, r])).values()];
  const groups = new Map<string, { key: SpendGroupKey; runs: SpendRun[] }>();
  for (const r of unique) {
    const key = keyOf(r, grouping);
    const id = JSON.stringify(key); // fields in GROUPINGS order, a missing payer as null
    const group = groups.get(id) ?? { key, runs: [] };
    group.runs.push(r);
    groups.set(id, group);
  }
  return {
    ...totals(unique),
    groups: [...groups.values()].map(({ key, runs: rs }) => ({ ...key, ...totals(rs) })).sort((a, b) => b.units - a.units || byKey(a, b)),
  };
}

/** Member abilities that start runs: only a run's own membership lists it (ListProtectedQueries / ListProtectedJobs). */
const RUNS: ReadonlySet<string> = new Set(["CAN_QUERY", "CAN_RUN_JOB"]);

/**
 * The members whose runs the spend cannot see: they can start protected queries or jobs, have joined (an INVITED
 * member has no membership, hence no runs), and their account is not one the caller reads. A member that only pays
 * is not among them: it starts no runs, and the runs it pays for are listed by their runner's membership.
 */
export function unseenRunners<M extends { accountId?: string; status?: string; abilities?: readonly string[] }>(members: readonly M[], seen: ReadonlySet<string>): M[] {
  return members.filter((m) => m.status !== "INVITED" && (m.abilities ?? []).some((a) => RUNS.has(a)) && !seen.has(m.accountId ?? ""));
}
