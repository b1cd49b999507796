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
import type { EventStream, WatchSpec } from "../../watch";
import type { GraphContext } from "../context";
import { requestReads } from "../loaders";

/** FORBIDDEN, before any AWS call, for a caller who may read no account at all. */
export function requireAnyReader(ctx: GraphContext): void {
  if (ctx.accounts.length === 0) throw refusal(ErrorCode.FORBIDDEN, "You may not read in any account, so there is nothing to subscribe to.");
}

/**
 * The route a subscriber's events are read through: the one its watch
 * already uses when the caller may read that account (no AWS call), else
 * the caller's own (`resolve`, which refuses what the caller cannot see).
 */
export async function routeFor<R extends { accountId: string }>(ctx: GraphContext, key: string, resolve: () => Promise<R>): Promise<R> {
  const known = ctx.watch.registry.routeOf<R>(key);
  return known && ctx.may(known.accountId, "read") ? known : resolve();
}

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

/** Each event is executed with loaders of its own (the last event's reads are stale), routed as the subscription already knows. */
export function freshEventContext(ctx: GraphContext, route: { accountId: string; collaborationId: string; membershipId?: string }): void {
  Object.assign(ctx, requestReads(ctx.api, ctx.router.accountIds));
  if (route.membershipId) ctx.router.learnHolder(route.membershipId, route);
  else ctx.router.learnReader(route.collaborationId, route.accountId);
}

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
