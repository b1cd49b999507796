/**
 * A collaboration's activity as the gateway sees it: the runs (protected
 * queries and jobs) of the memberships its federated accounts hold, merged
 * newest first. Read through the request's loaders: the run lists of each
 * kind and membership, and only the pages needed (AWS lists runs newest
 * first, so reading stops once a page reaches past a window's start, or
 * once a list has given as many matching runs as the page being answered
 * can use).
 */
import type { AwsProtectedJobSummary, AwsProtectedQuerySummary } from "../../aws/cleanrooms-api";
import type { InputProblem } from "../../inputs/problems";
import { compareKeys, type Key } from "../common/keyset";
import type { ProtectedJobStatus, ProtectedQueryStatus } from "../common/enums";
import type { GraphContext } from "../context";
import { FULL_PAGE, type PartialList } from "../loaders";
import { jobFromSummary, membershipFromMember, membersOf, orMissing, queryFromSummary, type JobNode, type MembershipNode, type QueryNode } from "../nodes";

/** Which of the run family a run is (the watch's names). */
export type RunFamily = "query" | "job";

/** A run of either kind, tagged with its kind (the ProtectedRun union resolves its type from it). */
export type ActivityNode = (QueryNode & { family: "query" }) | (JobNode & { family: "job" });

/** The memberships the caller's available accounts hold in the collaboration (from its member list: one ListMembers). */
export async function federatedMemberships(ctx: GraphContext, collaborationId: string): Promise<MembershipNode[]> {
  const mine = new Set(ctx.accounts.map((a) => a.accountId));
  const members = [...(await membersOf(ctx, collaborationId)).values()];
  // The member list taught the router each holder; it routes only where the caller may read (up, and in the collaboration's region).
  return members.filter((m) => m.membershipId && mine.has(m.accountId!) && ctx.router.knownRoute(m.membershipId) !== undefined).map(membershipFromMember);
}

const time = (d: Date | undefined) => (d ? new Date(d).getTime() : 0);

/**
 * A run's place in a merged run list, and its cursor (common/keyset.ts): newest first, ties by kind (jobs first),
 * membership, then id, so that every page of a merged list is cut at the same place and resumes there even when
 * new runs arrived above it.
 */
export const runKey = (r: { family: RunFamily; createTime?: Date; membershipId: string; id: string }): Key => [time(r.createTime), r.family, r.membershipId, r.id];
export const RUN_KEY_LENGTH = 4;

export interface RunFilter {
  families: readonly RunFamily[];
  /** One status (AWS filters by it); a status one kind lacks (TIMED_OUT for jobs) skips that kind's list. */
  status?: string;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
  /** Matching runs after `after` enough from each list (a page's size); all when left out. */
  need?: number;
  /** Only runs after this key (a page's cursor). */
  after?: Key;
}

const JOB_STATUSES: ReadonlySet<string> = new Set(["SUBMITTED", "STARTED", "CANCELLED", "CANCELLING", "FAILED", "SUCCESS"]);

/** Whether a run was created in the filter's window. */
export const inRange = (r: { createTime?: Date }, f: Pick<RunFilter, "from" | "to">): boolean =>
  (f.from === undefined || time(r.createTime) >= f.from.getTime()) && (f.to === undefined || time(r.createTime) < f.to.getTime());

/** Whether a run matches the filter's window and comes after its cursor. */
const wanted = (r: ActivityNode, f: RunFilter): boolean => inRange(r, f) && (f.after === undefined || compareKeys(runKey(r), f.after) > 0);

/** Stops a newest-first list once a page reaches past `from`, or once `need` wanted runs were seen. */
function enough(f: RunFilter, family: RunFamily, membershipId: string): (page: { createTime?: Date; id?: string }[]) => boolean {
  let matched = 0;
  return (page) => {
    matched += page.filter((r) => wanted({ family, membershipId, id: r.id!, createTime: r.createTime } as ActivityNode, f)).length;
    return (f.from !== undefined && page.some((r) => time(r.createTime) < f.from!.getTime())) || (f.need !== undefined && matched >= f.need);
  };
}

/** Runs that match a filter, newest first, and whether a list stopped before its end with runs that might match. */
export interface MatchedRuns {
  runs: ActivityNode[];
  more: boolean;
}

const none = { items: [], more: false };

/** The membership's runs that match the filter, newest first; a membership behind an account that is down is left out. */
export async function membershipRuns(ctx: GraphContext, m: MembershipNode, f: RunFilter): Promise<MatchedRuns> {
  const wantsJobs = f.families.includes("job") && (f.status === undefined || JOB_STATUSES.has(f.status));
  // A first page of just the runs needed is the one protectedQueries / protectedJobs(first: n) read: shared, not read again.
  const firstPage = f.need !== undefined && f.after === undefined && f.from === undefined && f.to === undefined ? Math.min(Math.max(f.need, 1), FULL_PAGE) : FULL_PAGE;
  const [queries, jobs] = await Promise.all([
    f.families.includes("query")
      ? orMissing(ctx.loaders.queriesUntil(m.id, f.status as ProtectedQueryStatus | undefined, firstPage, enough(f, "query", m.id)), none as PartialList<AwsProtectedQuerySummary>)
      : none,
    wantsJobs ? orMissing(ctx.loaders.jobsUntil(m.id, f.status as ProtectedJobStatus | undefined, firstPage, enough(f, "job", m.id)), none as PartialList<AwsProtectedJobSummary>) : none,
  ]);
  const runs: ActivityNode[] = [
    ...(queries.items as AwsProtectedQuerySummary[]).map((s) => ({ ...queryFromSummary(s, m.collaborationId), family: "query" as const })),
    ...(jobs.items as AwsProtectedJobSummary[]).map((s) => ({ ...jobFromSummary(s, m.collaborationId), family: "job" as const })),
  ];
  // A list cut short at a window's start has nothing more in it; one cut at `need` may.
  const cut = (l: { items: { createTime?: Date }[]; more: boolean }) => l.more && !(f.from !== undefined && l.items.some((r) => time(r.createTime) < f.from!.getTime()));
  return { runs: runs.filter((r) => wanted(r, f)).sort((a, b) => compareKeys(runKey(a), runKey(b))), more: cut(queries) || cut(jobs) };
}

/** A window's `from` before its `to`, named as the contract names fields. */
export function checkWindow(from: Date | null | undefined, to: Date | null | undefined): InputProblem[] {
  if (from && to && !(from.getTime() < to.getTime())) {
    return [{ field: "to", message: `to must be later than from (from ${from.toISOString()}, to ${to.toISOString()})` }];
  }
  return [];
}
