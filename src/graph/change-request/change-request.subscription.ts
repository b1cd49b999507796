/**
 * changeRequestStatusChanged: one change request (with `id`), or every
 * change request of the collaboration (without). A change is a new status
 * or a vote. One request: its state now, then each change, then completion
 * after COMMITTED, DENIED or CANCELLED. The collaboration: its open
 * requests (PENDING, APPROVED) now, oldest first, then each change of any
 * request, including new requests and their last status; it never
 * completes (see watch/resources.ts). Without a collaboration: the same for
 * every collaboration the caller's accounts see, one watch each, merged; a
 * collaboration that appears in their lists later is followed from then on
 * (its open requests first), one they no longer see is let go.
 */
import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import type { AwsChangeRequestSummary } from "../../aws/cleanrooms-api";
import { checkUuid } from "../../inputs/run-inputs";
import { followSet, watchKeys, type CollaborationRoute } from "../../watch";
import { collaborationReader } from "../../federation/acting";
import { rejectProblems } from "../../inputs/problems";
import { freshEventContext, requireAnyReader, routeFor, watchCollaborationLists, watching, type ListedCollaboration } from "../common/subscription";
import type { GraphContext } from "../context";
import { ChangeRequest } from "./change-request.type";

interface ChangeRequestEvent {
  state: AwsChangeRequestSummary;
  route: CollaborationRoute;
}

async function watchChangeRequests(ctx: GraphContext, collaborationId: string | undefined, id: string | undefined) {
  rejectProblems([
    ...(id && !collaborationId ? [{ field: "collaborationId", message: "collaborationId is required with id (a change request belongs to one collaboration)" }] : []),
    ...checkUuid("collaborationId", collaborationId),
    ...checkUuid("id", id),
  ]);
  requireAnyReader(ctx);
  if (!collaborationId) return watchEveryCollaboration(ctx);
  const key = id ? watchKeys.changeRequest(collaborationId, id) : watchKeys.changeRequests(collaborationId);
  const route = await routeFor<CollaborationRoute>(ctx, key, async () => ({ ...(await collaborationReader(ctx, collaborationId)), collaborationId }));
  return watching(ctx, id ? ctx.watch.changeRequest(route, id) : ctx.watch.changeRequests(route), route);
}

/**
 * Every collaboration the caller's accounts see, each through the watch its other subscribers already share (one
 * poller per collaboration, however many principals follow it); the accounts' collaboration lists, watched too (one
 * poller per list), bring the collaborations that appear later.
 */
async function watchEveryCollaboration(ctx: GraphContext) {
  return followSet<ListedCollaboration, CollaborationRoute, ChangeRequestEvent>(
    await watchCollaborationLists(ctx),
    ({ state, route }) => ({ key: state.summary.id!, present: !state.gone, value: { ...route, collaborationId: state.summary.id! } }),
    async (listed) => {
      // The list names a reader and the collaboration's region: no call.
      const route = await routeFor<CollaborationRoute>(ctx, watchKeys.changeRequests(listed.collaborationId), async () => listed);
      return watching(ctx, ctx.watch.changeRequests(route), route);
    },
  );
}

@Resolver()
export class ChangeRequestSubscriptionResolver {
  @Subscription(() => ChangeRequest, {
    description:
      "Status changes of one change request, or of every change request in the collaboration when id is left out. A vote counts as a change. " +
      "With id: the request now, then each change; completes after COMMITTED, DENIED or CANCELLED. " +
      "Without: the open (PENDING, APPROVED) requests now, oldest first, then each change of any request, new ones included; never completes. " +
      "Without collaborationId either: the same for every collaboration the caller's accounts see, including ones that appear later (their open requests first, oldest first per collaboration); one they no longer see is dropped.",
    subscribe: ({ args, context }) =>
      watchChangeRequests(context as GraphContext, (args.collaborationId as string | null) ?? undefined, (args.id as string | null) ?? undefined),
  })
  changeRequestStatusChanged(
    @Root() event: ChangeRequestEvent,
    @Arg("collaborationId", () => ID, {
      nullable: true,
      description: "The id of the collaboration to watch (a UUID). Left out: every collaboration the caller's accounts see (then id must be left out too).",
    })
    _collaborationId: string | null | undefined,
    @Ctx() ctx: GraphContext,
    @Arg("id", () => ID, { nullable: true, description: "The change request to watch (a UUID). Left out: every change request of the collaboration." })
    _id?: string | null,
  ): AwsChangeRequestSummary {
    freshEventContext(ctx, event.route, event.state);
    return event.state;
  }
}
