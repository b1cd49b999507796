/** protectedQueryStatusChanged: the query now, then each status change, then completion after a terminal status. */
import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import type { AwsProtectedQuery } from "../../aws/cleanrooms-api";
import { checkUuid } from "../../federation/run-inputs";
import { watchKeys, type MembershipRoute } from "../../watch";
import { membershipHolder, rejectProblems } from "../common/mutation";
import { freshEventContext, requireAnyReader, routeFor, watching } from "../common/subscription";
import type { GraphContext } from "../context";
import { queryFromFull, type QueryNode } from "../nodes";
import { ProtectedQuery } from "./protected-query.type";

export interface RunEvent<Run> {
  state: Run;
  route: MembershipRoute;
}

/** The membership's route for a run watch: the caller's own view of the membership (NOT_FOUND when none of its accounts holds it). */
export async function runRoute(ctx: GraphContext, key: string, membershipId: string, id: string): Promise<MembershipRoute> {
  rejectProblems([...checkUuid("membershipId", membershipId), ...checkUuid("id", id)]);
  requireAnyReader(ctx);
  return routeFor(ctx, key, async () => ({ ...(await membershipHolder(ctx, membershipId)), membershipId }));
}

async function watchQuery(ctx: GraphContext, membershipId: string, id: string) {
  const route = await runRoute(ctx, watchKeys.query(membershipId, id), membershipId, id);
  return watching(ctx, ctx.watch.query(route, id), route);
}

@Resolver()
export class ProtectedQuerySubscriptionResolver {
  @Subscription(() => ProtectedQuery, {
    description: "Emits the query now, then on every status change; completes after a terminal status.",
    subscribe: ({ args, context }) => watchQuery(context as GraphContext, args.membershipId as string, args.id as string),
  })
  protectedQueryStatusChanged(
    @Root() event: RunEvent<AwsProtectedQuery>,
    @Arg("membershipId", () => ID) _membershipId: string,
    @Arg("id", () => ID) _id: string,
    @Ctx() ctx: GraphContext,
  ): QueryNode {
    freshEventContext(ctx, event.route);
    return queryFromFull(event.state, event.route.collaborationId);
  }
}
