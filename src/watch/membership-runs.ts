/**
 * Every run of one membership: its protected queries and jobs, watched by
 * one poller however many subscribers (and collaborations' subscriptions)
 * follow it. Subscribers first get the runs that have not ended (SUBMITTED,
 * STARTED, CANCELLING), oldest first, then one event per change: a new run
 * (started through the gateway or anywhere else) and each status change,
 * the last one included. It never completes: the membership outlives its
 * runs.
 *
 * A poll lists the newest page of each kind (AWS lists runs newest first, so
 * a new run is always there): two calls, its weight in the account's polling
 * budget. A run still open that has left that page (a hundred newer runs
 * since) is read on its own, so a long history costs nothing.
 */
import type { AwsProtectedJob, AwsProtectedJobSummary, AwsProtectedQuery, AwsProtectedQuerySummary, CleanRoomsApi } from "../aws/cleanrooms-api";
import { at, RUN_TERMINAL, runProgress, type MembershipRoute, type RunWatch } from "./resources";
import type { WatchItem, WatchKind, WatchSpec } from "./watcher";

/** A run of either kind as the watch carries it: a list summary, or the whole run (a mutation's result, a single read). */
export type MembershipRunState =
  | { kind: "query"; run: AwsProtectedQuerySummary | AwsProtectedQuery }
  | { kind: "job"; run: AwsProtectedJobSummary | AwsProtectedJob };

export const membershipRunsKey = (membershipId: string) => `runs:${membershipId}`;

/** The newest runs of each kind one poll lists (AWS's largest page). */
const PAGE = 100;

const time = (d: Date | undefined) => (d ? new Date(d).getTime() : 0);

/** JSON with timestamps (createTime, …) back as Dates. */
const decodeDates = (text: string): MembershipRunState =>
  JSON.parse(text, (k, v) => (typeof v === "string" && /Time$/.test(k) && !Number.isNaN(Date.parse(v)) ? new Date(v) : v)) as MembershipRunState;

export const membershipRunsKind: WatchKind<MembershipRunState> = {
  single: false,
  // Queries and jobs have ids of their own: the kind keeps them apart.
  idOf: (s) => `${s.kind}:${s.run.id}`,
  progress: (s) => runProgress(s.run.status),
  terminal: (s) => RUN_TERMINAL.has(s.run.status ?? ""),
  order: (a, b) => time(a.run.createTime) - time(b.run.createTime) || a.kind.localeCompare(b.kind) || a.run.id!.localeCompare(b.run.id!),
  encode: (s) => JSON.stringify(s),
  decode: decodeDates,
};

const readOne: { [W in RunWatch]: (api: CleanRoomsApi, route: MembershipRoute, id: string) => Promise<MembershipRunState> } = {
  query: async (api, route, id) => ({ kind: "query", run: (await api.getProtectedQuery(at(route), route.membershipId, id)).protectedQuery! }),
  job: async (api, route, id) => ({ kind: "job", run: (await api.getProtectedJob(at(route), route.membershipId, id)).protectedJob! }),
};

export function membershipRunsSpec(api: CleanRoomsApi, route: MembershipRoute): WatchSpec<MembershipRunState, MembershipRoute> {
  return {
    ...membershipRunsKind,
    key: membershipRunsKey(route.membershipId),
    route,
    weight: 2,
    read: async (known: ReadonlyMap<string, WatchItem<MembershipRunState>>) => {
      const [queries, jobs] = await Promise.all([
        api.listProtectedQueries(at(route), route.membershipId, undefined, { maxResults: PAGE }),
        api.listProtectedJobs(at(route), route.membershipId, undefined, { maxResults: PAGE }),
      ]);
      const listed: MembershipRunState[] = [
        ...(queries.protectedQueries ?? []).map((run) => ({ kind: "query" as const, run })),
        ...(jobs.protectedJobs ?? []).map((run) => ({ kind: "job" as const, run })),
      ];
      const seen = new Set(listed.map(membershipRunsKind.idOf));
      // Open runs pushed off the newest page by newer ones: read each, so that their end is not missed.
      const left = [...known.values()].filter((i) => !seen.has(i.id) && !membershipRunsKind.terminal(i.state));
      const reread = await Promise.all(left.map((i) => readOne[i.state.kind](api, route, i.state.run.id!)));
      return [...listed, ...reread];
    },
  };
}
