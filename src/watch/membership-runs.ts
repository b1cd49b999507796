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
 * since) is read on its own, so a long history costs nothing. The first read
 * also lists, for each kind whose newest page is not the whole list, the
 * runs of each open status (a run started before the newest hundred is
 * found too); those calls are counted against the budget like the rereads.
 * A terminal run that a hundred newer terminal runs of its kind push off the
 * newest page is forgotten: no list returns it again.
 */
import type { AwsProtectedJob, AwsProtectedJobSummary, AwsProtectedQuery, AwsProtectedQuerySummary, CleanRoomsApi } from "../aws/cleanrooms-api";
import { at, RUN_TERMINAL, runProgress, type MembershipRoute, type RunWatch } from "./resources";
import type { ReadTally, WatchItem, WatchKind, WatchSpec } from "./watcher";
import { decodeDates, encodeJson, timeOf } from "./codec";

/** A run of either kind as the watch carries it: a list summary, or the whole run (a mutation's result, a single read). */
export type MembershipRunState =
  | { kind: "query"; run: AwsProtectedQuerySummary | AwsProtectedQuery }
  | { kind: "job"; run: AwsProtectedJobSummary | AwsProtectedJob };

export const membershipRunsKey = (membershipId: string) => `runs:${membershipId}`;

/** The newest runs of each kind one poll lists (AWS's largest page). */
export const PAGE = 100;

/** The statuses of a run that has not ended (both kinds have them all). */
const OPEN_STATUSES = ["SUBMITTED", "STARTED", "CANCELLING"] as const;


export const membershipRunsKind: WatchKind<MembershipRunState> = {
  single: false,
  // Queries and jobs have ids of their own: the kind keeps them apart.
  idOf: (s) => `${s.kind}:${s.run.id}`,
  progress: (s) => runProgress(s.run.status),
  terminal: (s) => RUN_TERMINAL.has(s.run.status ?? ""),
  order: (a, b) => timeOf(a.run.createTime) - timeOf(b.run.createTime) || a.kind.localeCompare(b.kind) || a.run.id!.localeCompare(b.run.id!),
  forget: (items) => forgottenRuns(items),
  encode: encodeJson,
  decode: decodeDates,
};

/**
 * The terminal runs no list returns again: of each kind, those created strictly before the `page`-th newest terminal
 * run (at least `page` runs of the kind are newer, so they are off its newest page, whatever order ties take). Runs
 * that have not ended are always kept: their end is still to be seen.
 */
export function forgottenRuns(items: Iterable<WatchItem<MembershipRunState>>, page = PAGE): string[] {
  const terminal: Record<RunWatch, WatchItem<MembershipRunState>[]> = { query: [], job: [] };
  for (const i of items) if (membershipRunsKind.terminal(i.state)) terminal[i.state.kind].push(i);
  return Object.values(terminal).flatMap((runs) => {
    if (runs.length <= page) return [];
    const newest = runs.map((i) => timeOf(i.state.run.createTime)).sort((a, b) => b - a);
    const cut = newest[page - 1];
    return runs.filter((i) => timeOf(i.state.run.createTime) < cut).map((i) => i.id);
  });
}

const readOne: { [W in RunWatch]: (api: CleanRoomsApi, route: MembershipRoute, id: string) => Promise<MembershipRunState> } = {
  query: async (api, route, id) => ({ kind: "query", run: (await api.getProtectedQuery(at(route), route.membershipId, id)).protectedQuery! }),
  job: async (api, route, id) => ({ kind: "job", run: (await api.getProtectedJob(at(route), route.membershipId, id)).protectedJob! }),
};

type Page = { runs: MembershipRunState[]; nextToken?: string };

/** A page of a kind's runs, newest first: of every status, or of one. */
const list: { [W in RunWatch]: (api: CleanRoomsApi, route: MembershipRoute, status: string | undefined, nextToken?: string) => Promise<Page> } = {
  query: async (api, route, status, nextToken) => {
    const out = await api.listProtectedQueries(at(route), route.membershipId, status as AwsProtectedQuery["status"], { maxResults: PAGE, nextToken });
    return { runs: (out.protectedQueries ?? []).map((run) => ({ kind: "query", run })), nextToken: out.nextToken };
  },
  job: async (api, route, status, nextToken) => {
    const out = await api.listProtectedJobs(at(route), route.membershipId, status as AwsProtectedJob["status"], { maxResults: PAGE, nextToken });
    return { runs: (out.protectedJobs ?? []).map((run) => ({ kind: "job", run })), nextToken: out.nextToken };
  },
};

/** Every run of the kind with the status, page by page; `tally` counts the calls. */
async function listAll(api: CleanRoomsApi, route: MembershipRoute, kind: RunWatch, status: string, tally: ReadTally): Promise<MembershipRunState[]> {
  const all: MembershipRunState[] = [];
  let nextToken: string | undefined;
  do {
    tally.calls++;
    const page = await list[kind](api, route, status, nextToken);
    all.push(...page.runs);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

export function membershipRunsSpec(api: CleanRoomsApi, route: MembershipRoute): WatchSpec<MembershipRunState, MembershipRoute> {
  // The watch reads through the spec it was opened with, so this is its first read until one succeeds.
  let swept = false;
  return {
    ...membershipRunsKind,
    key: membershipRunsKey(route.membershipId),
    route,
    weight: 2,
    read: async (known: ReadonlyMap<string, WatchItem<MembershipRunState>>, tally: ReadTally) => {
      tally.calls = 2;
      const newest = await Promise.all((["query", "job"] as const).map((kind) => list[kind](api, route, undefined)));
      const listed = newest.flatMap((l) => l.runs);
      // First read: the open runs older than the newest page (a kind whose page was its whole list has none).
      const older = swept
        ? []
        : (await Promise.all((["query", "job"] as const).filter((_, k) => newest[k].nextToken !== undefined).flatMap((kind) => OPEN_STATUSES.map((status) => listAll(api, route, kind, status, tally))))).flat();
      swept = true;
      const seen = new Set([...listed, ...older].map(membershipRunsKind.idOf));
      // Open runs pushed off the newest page by newer ones: read each, so that their end is not missed.
      const left = [...known.values()].filter((i) => !seen.has(i.id) && !membershipRunsKind.terminal(i.state));
      tally.calls += left.length;
      const reread = await Promise.all(left.map((i) => readOne[i.state.kind](api, route, i.state.run.id!)));
      return [...listed, ...older, ...reread];
    },
  };
}
