/** protectedJobStatusChanged: the job now, then each status change, then completion after a terminal status. */
import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import type { AwsProtectedJob } from "../../aws/cleanrooms-api";
import { watchKeys } from "../../watch";
import { freshEventContext, watching } from "../common/subscription";
import type { GraphContext } from "../context";
import { jobFromFull, type JobNode } from "../nodes";
import { runRoute, type RunEvent } from "../protected-query/protected-query.subscription";
import { ProtectedJob } from "./protected-job.type";

async function watchJob(ctx: GraphContext, membershipId: string, id: string) {
  const route = await runRoute(ctx, watchKeys.job(membershipId, id), membershipId, id);
  return watching(ctx, ctx.watch.job(route, id), route);
}

@Resolver()
export class ProtectedJobSubscriptionResolver {
  @Subscription(() => ProtectedJob, {
    description: "Emits the job now, then on every status change; completes after a terminal status.",
    subscribe: ({ args, context }) => watchJob(context as GraphContext, args.membershipId as string, args.id as string),
  })
  protectedJobStatusChanged(
    @Root() event: RunEvent<AwsProtectedJob>,
    @Arg("membershipId", () => ID) _membershipId: string,
    @Arg("id", () => ID) _id: string,
    @Ctx() ctx: GraphContext,
  ): JobNode {
    freshEventContext(ctx, event.route);
    return jobFromFull(event.state, event.route.collaborationId);
  }
}
