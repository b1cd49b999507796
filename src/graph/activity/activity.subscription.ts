/**
 * runStatusChanged: every run of one membership, or of every membership the
 * caller's accounts hold in a collaboration, without the caller knowing a
 * run id (one poller per membership, shared by every subscriber: see
 * watch/membership-runs.ts). For a collaboration, the accounts' collaboration
 * lists are watched too (one poller per list), so that a membership created
 * after the subscription started is followed from then on (its open runs
 * first), and one that goes is let go.
 */
import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import { collaborationReader, membershipHolder } from "../../federation/acting";
import { checkUuid } from "../../inputs/run-inputs";
import { rejectProblems, type InputProblem } from "../../inputs/problems";
import { followSet, membershipRunsKey, StreamMerge, type MembershipRoute, type MembershipRunState } from "../../watch";
import { freshEventContext, requireAnyReader, routeFor, watchCollaborationLists, watching, type ListedCollaboration } from "../common/subscription";
import type { GraphContext } from "../context";
import { runFromFull, runFromSummary } from "../nodes";
import { ProtectedRun } from "./activity.type";
import { federatedMemberships, type ActivityNode } from "./runs";

interface RunActivityEvent {
  state: MembershipRunState;
  route: MembershipRoute;
}

/** Exactly one of collaborationId and membershipId, each a UUID. */
function targetProblems(collaborationId?: string | null, membershipId?: string | null): InputProblem[] {
  if (!collaborationId === !membershipId) {
    return [{ field: collaborationId ? "membershipId" : "collaborationId", message: "give exactly one of collaborationId and membershipId" }];
  }
  return [...checkUuid("collaborationId", collaborationId ?? undefined), ...checkUuid("membershipId", membershipId ?? undefined)];
}

/** The membership's runs, through the route its watch already uses when the caller may read it (`route` gives the caller's own). */
async function watchMembership(ctx: GraphContext, membershipId: string, route: () => Promise<MembershipRoute>) {
  const r = await routeFor(ctx, membershipRunsKey(membershipId), route);
  return watching(ctx, ctx.watch.membershipRuns(r), r);
}

/** Every membership the caller's accounts hold in the collaboration: those its member list names now, then as their collaboration lists tell. */
async function watchCollaboration(ctx: GraphContext, collaborationId: string) {
  // NOT_FOUND when none of the caller's accounts sees the collaboration; then its member list (fresher than a list watch's last poll).
  await collaborationReader(ctx, collaborationId);
  const held = (await federatedMemberships(ctx, collaborationId)).map((m) => ({ ...ctx.router.knownRoute(m.id)!, membershipId: m.id }));
  if (held.length === 0) {
    // As the contract says: none of the caller's accounts holds a membership in it, so the subscription completes at once.
    const none = new StreamMerge<RunActivityEvent>();
    none.seal();
    return none;
  }
  return followSet<ListedCollaboration, MembershipRoute, RunActivityEvent>(
    await watchCollaborationLists(ctx),
    ({ state, route }) => {
      const { id, membershipId } = state.summary;
      return id === collaborationId && membershipId ? { key: membershipId, present: !state.gone, value: { ...route, membershipId, collaborationId } } : undefined;
    },
    (route) => watchMembership(ctx, route.membershipId, async () => route),
    held.map((route) => ({ key: route.membershipId, present: true, value: route })),
  );
}

async function watchRunActivity(ctx: GraphContext, collaborationId?: string | null, membershipId?: string | null) {
  rejectProblems(targetProblems(collaborationId, membershipId));
  requireAnyReader(ctx);
  if (collaborationId) return watchCollaboration(ctx, collaborationId);
  return watchMembership(ctx, membershipId!, async () => ({ ...(await membershipHolder(ctx, membershipId!)), membershipId: membershipId! }));
}

@Resolver()
export class RunActivitySubscriptionResolver {
  @Subscription(() => ProtectedRun, {
    description:
      "Every run of one membership, or of every membership the caller's accounts hold in a collaboration (give exactly one of the two): first the runs that have not ended (SUBMITTED, STARTED, CANCELLING), oldest first per membership, " +
      "then each new run (started through the gateway or anywhere else) and each status change, the final one included. Never completes (except at once when the caller's accounts hold no membership in the collaboration).",
    subscribe: ({ args, context }) => watchRunActivity(context as GraphContext, args.collaborationId as string | null, args.membershipId as string | null),
  })
  runStatusChanged(
    @Root() event: RunActivityEvent,
    @Ctx() ctx: GraphContext,
    @Arg("collaborationId", () => ID, { nullable: true, description: "Watch every membership the caller's accounts hold in this collaboration (a UUID). Give this or membershipId." })
    _collaborationId?: string | null,
    @Arg("membershipId", () => ID, { nullable: true, description: "Watch this membership's runs (a UUID); one of the caller's accounts must hold it. Give this or collaborationId." })
    _membershipId?: string | null,
  ): ActivityNode {
    freshEventContext(ctx, event.route, event.state); // every subscriber of this event shares its reads
    const { kind, run } = event.state;
    const payer = kind === "query" ? "queryComputePayerAccountId" : "jobComputePayerAccountId";
    // A list summary names its receivers; a whole run (a mutation's result) has them in its result configuration.
    const node = "receiverConfigurations" in run && run.receiverConfigurations ? runFromSummary(payer, run, event.route.collaborationId) : runFromFull(payer, run, event.route.collaborationId);
    return { ...node, family: kind } as ActivityNode;
  }
}
