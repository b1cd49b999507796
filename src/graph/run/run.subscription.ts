/** <kind>StatusChanged: the run now, then each status change, then completion after a terminal status. */
import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import { checkUuid } from "../../inputs/run-inputs";
import { watchKeys, type MembershipRoute, type RunStates, type RunWatch } from "../../watch";
import { membershipHolder } from "../../federation/acting";
import { rejectProblems } from "../../inputs/problems";
import { freshEventContext, requireAnyReader, routeFor, watching } from "../common/subscription";
import type { GraphContext } from "../context";
import { runFromFull, type RunNode } from "../nodes";
import type { RunKind, StartInput } from "./run.kind";
import { runNoun } from "./run.type";

interface RunEvent<Run> {
  state: Run;
  route: MembershipRoute;
}

/** The membership's route for a run watch: the caller's own view of the membership (NOT_FOUND when none of its accounts holds it). */
async function runRoute(ctx: GraphContext, key: string, membershipId: string, id: string): Promise<MembershipRoute> {
  rejectProblems([...checkUuid("membershipId", membershipId), ...checkUuid("id", id)]);
  requireAnyReader(ctx);
  return routeFor(ctx, key, async () => ({ ...(await membershipHolder(ctx, membershipId)), membershipId }));
}

export function createRunSubscription<W extends RunWatch, Input extends StartInput>(kind: RunKind<W, Input>) {
  async function watchRun(ctx: GraphContext, membershipId: string, id: string) {
    const route = await runRoute(ctx, watchKeys[kind.watch](membershipId, id), membershipId, id);
    return watching(ctx, ctx.watch.run(kind.watch, route, id), route);
  }

  @Resolver()
  class RunSubscriptionResolver {
    @Subscription(() => kind.types.Run, {
      name: `${kind.field}StatusChanged`,
      description: `Emits the ${kind.watch} now, then on every status change; completes after a terminal status.`,
      subscribe: ({ args, context }) => watchRun(context as GraphContext, args.membershipId as string, args.id as string),
    })
    statusChanged(
      @Root() event: RunEvent<RunStates[W]>,
      @Arg("membershipId", () => ID, { description: `The id of the membership the ${runNoun(kind.name)} runs in (a UUID).` }) _membershipId: string,
      @Arg("id", () => ID, { description: `The ${runNoun(kind.name)}'s id (a UUID).` }) _id: string,
      @Ctx() ctx: GraphContext,
    ): RunNode<RunStates[W]> {
      freshEventContext(ctx, event.route, event.state as object);
      return runFromFull(kind.payerField, event.state, event.route.collaborationId);
    }
  }
  return RunSubscriptionResolver;
}
