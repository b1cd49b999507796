/**
 * changeRequestStatusChanged: one change request (with `id`), or every
 * change request of the collaboration (without). A change is a new status
 * or a vote. One request: its state now, then each change, then completion
 * after COMMITTED, DENIED or CANCELLED. The collaboration: its open
 * requests (PENDING, APPROVED) now, oldest first, then each change of any
 * request, including new requests and their last status; it never
 * completes (see watch/resources.ts).
 */
import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import type { AwsChangeRequestSummary } from "../../aws/cleanrooms-api";
import { checkUuid } from "../../inputs/run-inputs";
import { watchKeys, type CollaborationRoute } from "../../watch";
import { collaborationReader } from "../../federation/acting";
import { rejectProblems } from "../../inputs/problems";
import { freshEventContext, requireAnyReader, routeFor, watching } from "../common/subscription";
import type { GraphContext } from "../context";
import { ChangeRequest } from "./change-request.type";

interface ChangeRequestEvent {
  state: AwsChangeRequestSummary;
  route: CollaborationRoute;
}

async function watchChangeRequests(ctx: GraphContext, collaborationId: string, id: string | undefined) {
  rejectProblems([...checkUuid("collaborationId", collaborationId), ...checkUuid("id", id)]);
  requireAnyReader(ctx);
  const key = id ? watchKeys.changeRequest(collaborationId, id) : watchKeys.changeRequests(collaborationId);
  const route = await routeFor<CollaborationRoute>(ctx, key, async () => ({ accountId: await collaborationReader(ctx, collaborationId), collaborationId }));
  return watching(ctx, id ? ctx.watch.changeRequest(route, id) : ctx.watch.changeRequests(route), route);
}

@Resolver()
export class ChangeRequestSubscriptionResolver {
  @Subscription(() => ChangeRequest, {
    description:
      "Status changes of one change request, or of every change request in the collaboration when id is left out. A vote counts as a change. " +
      "With id: the request now, then each change; completes after COMMITTED, DENIED or CANCELLED. " +
      "Without: the open (PENDING, APPROVED) requests now, oldest first, then each change of any request, new ones included; never completes.",
    subscribe: ({ args, context }) => watchChangeRequests(context as GraphContext, args.collaborationId as string, (args.id as string | null) ?? undefined),
  })
  changeRequestStatusChanged(
    @Root() event: ChangeRequestEvent,
    @Arg("collaborationId", () => ID, { description: "The id of the collaboration to watch (a UUID)." }) _collaborationId: string,
    @Ctx() ctx: GraphContext,
    @Arg("id", () => ID, { nullable: true, description: "The change request to watch (a UUID). Left out: every change request of the collaboration." })
    _id?: string | null,
  ): AwsChangeRequestSummary {
    freshEventContext(ctx, event.route);
    return event.state;
  }
}
