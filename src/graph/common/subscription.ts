/**
 * What the subscription resolvers share: the checks before a watch starts
 * (the same grants and visibility as the queries: a caller subscribes only
 * to what one of its readable accounts sees), and a fresh context for each
 * event, so that every event shows its fields as they are then.
 */
import { GraphQLError } from "graphql";
import type { PubSub } from "type-graphql";
import { classifyAwsError } from "../../aws/errors";
import { ErrorCode } from "../../errors/codes";
import { refusal } from "../../errors/contract-error";
import type { AccountCollaborationState, AccountPlace, EventStream, WatchSpec } from "../../watch";
import type { GraphContext } from "../context";
import { requestReads, type RequestReads } from "../loaders";

/** FORBIDDEN, before any AWS call, for a caller who may read no account at all. */
export function requireAnyReader(ctx: GraphContext): void {
  if (ctx.accounts.length === 0) throw refusal(ErrorCode.FORBIDDEN, "You may not read in any account, so there is nothing to subscribe to.");
}

/**
 * The route a subscriber's events are read through: the one its watch
 * already uses when the caller may read that account (no AWS call), else
 * the caller's own (`resolve`, which refuses what the caller cannot see).
 */
export async function routeFor<R extends { accountId: string; region?: string }>(ctx: GraphContext, key: string, resolve: () => Promise<R>): Promise<R> {
  const known = ctx.watch.registry.routeOf<R>(key);
  // In the watched resource's region: a grant limited to other regions does not reach it.
  if (known && ctx.may(known.accountId, "read", known.region)) return known;
  // Subscribers arriving together (before the watch exists) through the same accounts and regions share one lookup.
  const flight = `${key} ${readScope(ctx.router)}`;
  let lookup = routesInFlight.get(flight) as Promise<R> | undefined;
  if (!lookup) {
    lookup = resolve().finally(() => routesInFlight.delete(flight));
    routesInFlight.set(flight, lookup);
  }
  return lookup;
}

const routesInFlight = new Map<string, Promise<unknown>>();

/** The subscriber's stream of `{ state, route }`; a first read that fails is the subscription's error, in the contract's words. */
export async function watching<S, R extends { accountId: string }>(ctx: GraphContext, spec: WatchSpec<S, R>, route: R): Promise<EventStream<{ state: S; route: R }>> {
  try {
    return await ctx.watch.registry.subscribe(spec, (state) => ({ state, route }));
  } catch (e) {
    if (e instanceof GraphQLError) throw e;
    const c = classifyAwsError(e, route.accountId);
    if (c.code === ErrorCode.INTERNAL_SERVER_ERROR) throw e; // masked on the way out, and logged as it is
    throw refusal(c.code, c.message, { accountId: route.accountId });
  }
}

/** One of the caller's collaboration lists, and a collaboration it lists (or no longer lists: `state.gone`). */
export interface ListedCollaboration {
  state: AccountCollaborationState;
  route: AccountPlace;
}

/**
 * The collaboration list of every account the caller reads, in each region it reads it in: the watches whose
 * changes tell "every collaboration" and "every membership in a collaboration" subscribers of a collaboration or
 * membership that appears (or goes) after they subscribed, each shared by every subscriber (one poller per list). A
 * list whose account is unavailable is left out, as the queries leave it out; any other failure is the subscription's.
 */
export async function watchCollaborationLists(ctx: GraphContext): Promise<EventStream<ListedCollaboration>[]> {
  const places: AccountPlace[] = ctx.accounts.flatMap(({ accountId }) => ctx.router.regionsOf(accountId).map((region) => ({ accountId, region })));
  const settled = await Promise.allSettled(places.map((place) => watching(ctx, ctx.watch.accountCollaborations(place), place)));
  const lists = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected" && !(r.reason instanceof GraphQLError && r.reason.extensions.code === ErrorCode.ACCOUNT_UNAVAILABLE));
  if (failure) {
    for (const l of lists) void l.return();
    throw failure.reason;
  }
  return lists;
}

/**
 * Each event is executed with loaders of its own (the last event's reads are stale), routed as the subscription
 * already knows. The watch hands the same `state` object to every subscriber of one event: subscribers that resolve
 * it through the same accounts within `SHARED_EVENT_MS` share its reads, so an event costs its reads once (a payer's
 * member list, say), not once per subscriber. The calls count against the allowance of the subscriber whose
 * resolution made them.
 */
export function freshEventContext(ctx: GraphContext, route: { accountId: string; collaborationId: string; membershipId?: string; region?: string }, state?: object): void {
  ctx.calls.restart(); // each event is an operation of its own for the AWS-call ceiling (the principal's allowance still counts)
  const accounts = ctx.router.accountIds;
  const regionsOf = ctx.router.regionsOf;
  const key = `${readScope(ctx.router)} ${route.accountId} ${route.membershipId ?? route.collaborationId}`;
  const shared = state ? eventReads.get(state) : undefined;
  const now = Date.now();
  const reusable = shared?.get(key);
  if (reusable && now - reusable.at <= SHARED_EVENT_MS) return void Object.assign(ctx, reusable.reads);
  const reads = requestReads(ctx.api, accounts, regionsOf);
  if (route.membershipId) reads.router.learnHolder(route.membershipId, { accountId: route.accountId, collaborationId: route.collaborationId, region: route.region });
  else reads.router.learnReader(route.collaborationId, route.accountId, route.region);
  if (state) {
    const byAccounts = shared ?? new Map<string, { reads: RequestReads; at: number }>();
    byAccounts.set(key, { reads, at: now });
    if (!shared) eventReads.set(state, byAccounts);
  }
  Object.assign(ctx, reads);
}

/** The accounts a caller reads, each with its regions: two callers share reads only when these are the same. */
const readScope = (router: { accountIds: readonly string[]; regionsOf(accountId: string): readonly (string | undefined)[] }): string =>
  router.accountIds.map((a) => `${a}:${router.regionsOf(a).join("+")}`).join(",");

/** How long one event's reads serve the subscribers resolving it: its fan-out, not a later subscriber's first event. */
const SHARED_EVENT_MS = 5_000;
const eventReads = new WeakMap<object, Map<string, { reads: RequestReads; at: number }>>();

/**
 * type-graphql builds subscriptions only with a PubSub. The gateway's
 * subscriptions subscribe through the watch in the context instead
 * (`subscribe` option), so this one is never asked for anything.
 */
export const watchOnlyPubSub: PubSub = {
  publish() {
    throw new Error("subscriptions publish through the watch (ctx.watch), not type-graphql's PubSub");
  },
  subscribe() {
    throw new Error("subscriptions subscribe through the watch (ctx.watch), not type-graphql's PubSub");
  },
};
