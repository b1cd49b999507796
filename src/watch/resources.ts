/**
 * What the gateway watches, and what counts as a change.
 *
 * - A protected query or job: its status. Statuses only move forward
 *   (SUBMITTED → STARTED → CANCELLING → a terminal one; CANCELLING may follow
 *   either), so the rank of the status is the watch's progress. Terminal:
 *   SUCCESS, FAILED, CANCELLED, TIMED_OUT.
 * - A change request: its status and its votes. A vote is a change of the
 *   request (the members see "2 of 3 approved"): progress ranks the status
 *   (PENDING, APPROVED, then a terminal one), then counts the votes cast.
 *   Terminal: COMMITTED, DENIED, CANCELLED.
 * - Every change request of a collaboration: the same per request. Its
 *   subscribers first get the open requests (PENDING, APPROVED), oldest
 *   first, then one event per change of any request: a new request, a vote,
 *   a status change, including the last (COMMITTED, DENIED, CANCELLED). It
 *   never completes: the collaboration outlives its requests. Each poll
 *   lists the open requests and reads those that left the open lists, so a
 *   collaboration's long history costs nothing.
 */
import type { At, AwsChangeRequestSummary, AwsProtectedJob, AwsProtectedQuery, CleanRoomsApi } from "../aws/cleanrooms-api";
import type { WatchItem, WatchKind, WatchSpec } from "./watcher";
import { decodeDates, encodeJson, timeOf } from "./codec";

export const RUN_TERMINAL: ReadonlySet<string> = new Set(["SUCCESS", "FAILED", "CANCELLED", "TIMED_OUT"]);
export const CHANGE_REQUEST_TERMINAL: ReadonlySet<string> = new Set(["COMMITTED", "DENIED", "CANCELLED"]);
export const CHANGE_REQUEST_OPEN = ["PENDING", "APPROVED"] as const;

const RUN_RANK: Readonly<Record<string, number>> = { SUBMITTED: 0, STARTED: 1, CANCELLING: 2 };

export function runProgress(status: string | undefined): number {
  if (status !== undefined && RUN_TERMINAL.has(status)) return 3;
  return RUN_RANK[status ?? ""] ?? 0;
}

type ChangeRequestLike = Pick<AwsChangeRequestSummary, "status" | "approvals">;

/** Votes cast (approvals that are no longer PENDING). */
export const votesCast = (r: ChangeRequestLike): number => Object.values(r.approvals ?? {}).filter((a) => (a.status ?? "PENDING") !== "PENDING").length;

export function changeRequestProgress(r: ChangeRequestLike): number {
  const rank = r.status !== undefined && CHANGE_REQUEST_TERMINAL.has(r.status) ? 2 : r.status === "APPROVED" ? 1 : 0;
  return rank * 1_000 + votesCast(r);
}

export const watchKeys = {
  query: (membershipId: string, id: string) => `query:${membershipId}:${id}`,
  job: (membershipId: string, id: string) => `job:${membershipId}:${id}`,
  changeRequest: (collaborationId: string, id: string) => `change-request:${collaborationId}:${id}`,
  changeRequests: (collaborationId: string) => `change-requests:${collaborationId}`,
};


/** The runs the gateway watches, by the prefix of their watch keys. */
export interface RunStates {
  query: AwsProtectedQuery;
  job: AwsProtectedJob;
}
export type RunWatch = keyof RunStates;

/** Protected queries and jobs compare, end and travel alike. */
export const runKind = <S extends { id?: string; status?: string }>(): WatchKind<S> => ({
  single: true,
  idOf: (r) => r.id!,
  progress: (r) => runProgress(r.status),
  terminal: (r) => RUN_TERMINAL.has(r.status ?? ""),
  encode: encodeJson,
  decode: decodeDates,
});

export const changeRequestKind: WatchKind<AwsChangeRequestSummary> = {
  single: true,
  idOf: (r) => r.id!,
  progress: changeRequestProgress,
  terminal: (r) => CHANGE_REQUEST_TERMINAL.has(r.status ?? ""),
  encode: encodeJson,
  decode: decodeDates,
};


export const changeRequestsKind: WatchKind<AwsChangeRequestSummary> = {
  ...changeRequestKind,
  single: false,
  order: (a, b) => timeOf(a.createTime) - timeOf(b.createTime) || a.id!.localeCompare(b.id!),
};

/** A membership's runs are read as the account holding it. */
export interface MembershipRoute {
  accountId: string;
  membershipId: string;
  collaborationId: string;
  /** The region the membership lives in (reads go to its endpoint); undefined: the account's home region. */
  region?: string;
}

/** A collaboration's change requests are read as any federated member account. */
export interface CollaborationRoute {
  accountId: string;
  collaborationId: string;
  /** The region the collaboration lives in; undefined: the account's home region. */
  region?: string;
}

/** Where a route's reads go: the account, in the resource's region when the route names one. */
export const at = (route: { accountId: string; region?: string }): At => (route.region === undefined ? route.accountId : { accountId: route.accountId, region: route.region });

const readRun: { [W in RunWatch]: (api: CleanRoomsApi, route: MembershipRoute, id: string) => Promise<RunStates[W]> } = {
  query: async (api, route, id) => (await api.getProtectedQuery(at(route), route.membershipId, id)).protectedQuery!,
  job: async (api, route, id) => (await api.getProtectedJob(at(route), route.membershipId, id)).protectedJob!,
};

export function runSpec<W extends RunWatch>(api: CleanRoomsApi, watch: W, route: MembershipRoute, id: string): WatchSpec<RunStates[W], MembershipRoute> {
  return {
    ...runKind<RunStates[W]>(),
    key: watchKeys[watch](route.membershipId, id),
    route,
    read: async () => [await readRun[watch](api, route, id)],
  };
}

export function changeRequestSpec(api: CleanRoomsApi, route: CollaborationRoute, id: string): WatchSpec<AwsChangeRequestSummary, CollaborationRoute> {
  return {
    ...changeRequestKind,
    key: watchKeys.changeRequest(route.collaborationId, id),
    route,
    read: async () => [(await api.getChangeRequest(at(route), route.collaborationId, id)).collaborationChangeRequest!],
  };
}

/** Every page of one status's change requests. */
async function listByStatus(api: CleanRoomsApi, route: CollaborationRoute, status: (typeof CHANGE_REQUEST_OPEN)[number]): Promise<AwsChangeRequestSummary[]> {
  const all: AwsChangeRequestSummary[] = [];
  let nextToken: string | undefined;
  do {
    const out = await api.listChangeRequests(at(route), route.collaborationId, status, { maxResults: 100, nextToken });
    all.push(...(out.collaborationChangeRequestSummaries ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return all;
}

export function changeRequestsSpec(api: CleanRoomsApi, route: CollaborationRoute): WatchSpec<AwsChangeRequestSummary, CollaborationRoute> {
  return {
    ...changeRequestsKind,
    key: watchKeys.changeRequests(route.collaborationId),
    route,
    read: async (known: ReadonlyMap<string, WatchItem<AwsChangeRequestSummary>>) => {
      const open = (await Promise.all(CHANGE_REQUEST_OPEN.map((s) => listByStatus(api, route, s)))).flat();
      const listed = new Set(open.map((r) => r.id!));
      // Open requests that left the open lists have settled (or moved between the two lists while they were read).
      const left = [...known.values()].filter((i) => !CHANGE_REQUEST_TERMINAL.has(i.state.status ?? "") && !listed.has(i.id));
      const settled = await Promise.all(
        left.map(async (i) => (await api.getChangeRequest(at(route), route.collaborationId, i.id)).collaborationChangeRequest! as AwsChangeRequestSummary),
      );
      return [...open, ...settled];
    },
  };
}
