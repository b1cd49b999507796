/**
 * Activity across memberships: Membership.runs and Collaboration.runs (the
 * run family merged newest first), and runStatusChanged, which follows every
 * run of a membership, or of every federated membership of a collaboration,
 * without the caller knowing a run id.
 */
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Int, Resolver, Root, Subscription } from "type-graphql";
import { collaborationReader, membershipHolder } from "../../federation/acting";
import { checkUuid } from "../../inputs/run-inputs";
import { rejectProblems, type InputProblem } from "../../inputs/problems";
import { membershipRunsKey, mergeStreams, type MembershipRoute, type MembershipRunState } from "../../watch";
import { Collaboration } from "../collaboration/collaboration.type";
import { offsetPage, pageSize, type Connection } from "../common/connection";
import { AFTER, FIRST } from "../common/descriptions";
import { freshEventContext, requireAnyReader, routeFor, watching } from "../common/subscription";
import type { GraphContext } from "../context";
import { Membership } from "../membership/membership.type";
import { runFromFull, runFromSummary, type CollaborationNode, type MembershipNode } from "../nodes";
import { familyOfKind, ProtectedRun, ProtectedRunConnection, ProtectedRunKind, ProtectedRunStatus } from "./activity.type";
import { checkWindow, federatedMemberships, membershipRuns, newestFirst, type ActivityNode, type MatchedRuns, type RunFilter } from "./runs";

const KIND = "Only runs of this kind. Left out: protected queries and jobs.";
const STATUS = "Only runs with this status. Left out: every status.";
const FROM = "Only runs created at or after this time (ISO 8601). Left out: from the oldest.";
const TO = "Only runs created before this time (ISO 8601), later than from. Left out: up to now.";

/** The offset an `after` cursor of a merged list names; a cursor that is not one is refused by offsetPage afterwards. */
function offsetOf(after: string | undefined | null): number {
  if (!after) return 0;
  try {
    const c = JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as { o?: unknown };
    return Number.isSafeInteger(c.o) && (c.o as number) >= 0 ? (c.o as number) : 0;
  } catch {
    return 0;
  }
}

/** The arguments of Membership.runs and Collaboration.runs. */
@ArgsType()
class RunArgs {
  @Field(() => ProtectedRunKind, { nullable: true, description: KIND }) kind?: ProtectedRunKind | null;
  @Field(() => ProtectedRunStatus, { nullable: true, description: STATUS }) status?: ProtectedRunStatus | null;
  @Field(() => Date, { nullable: true, description: FROM }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: TO }) to?: Date | null;
  @Field(() => Int, { nullable: true, description: FIRST }) first?: number | null;
  @Field(() => String, { nullable: true, description: AFTER }) after?: string | null;
}

/** The filter for one page: checked first, and each list read only as far as this page needs. */
function filterFor(a: RunArgs): RunFilter {
  const size = pageSize(a.first);
  offsetPage([], a.first, a.after); // a cursor of another list, or none of ours, is refused before any AWS read
  rejectProblems(checkWindow(a.from, a.to));
  return {
    families: a.kind ? [familyOfKind[a.kind]] : ["query", "job"],
    status: a.status ?? undefined,
    from: a.from ?? undefined,
    to: a.to ?? undefined,
    need: offsetOf(a.after) + size,
  };
}

/** A page of the merged runs; a list read only as far as this page needed may hold more (its next page may then be empty). */
function runsPage(matched: MatchedRuns[], a: RunArgs): Connection<ActivityNode> {
  const all = matched.flatMap((m) => m.runs).sort(newestFirst);
  const page = offsetPage(all, a.first, a.after);
  const more = page.pageInfo.hasNextPage || (matched.some((m) => m.more) && page.edges.length > 0);
  return { nodes: page.nodes, edges: page.edges, pageInfo: { ...page.pageInfo, hasNextPage: more } };
}

/** kind and runStatus, for both kinds (the interface's own fields). */
@Resolver(() => ProtectedRun)
export class ProtectedRunFieldsResolver {
  @FieldResolver(() => ProtectedRunKind)
  kind(@Info() info: GraphQLResolveInfo): ProtectedRunKind {
    return info.parentType.name === "ProtectedJob" ? "JOB" : "QUERY";
  }

  @FieldResolver(() => ProtectedRunStatus)
  runStatus(@Root() r: { status: string }): ProtectedRunStatus {
    return r.status as ProtectedRunStatus;
  }
}

@Resolver(() => Membership)
export class MembershipRunsResolver {
  @FieldResolver(() => ProtectedRunConnection, {
    description: "The membership's protected queries and jobs together, newest first (jobs before queries created at the same instant; AWS ListProtectedQueries and ListProtectedJobs, merged), filtered by kind, status and creation time.",
  })
  async runs(@Root() m: MembershipNode, @Ctx() ctx: GraphContext, @Args(() => RunArgs) args: RunArgs): Promise<Connection<ActivityNode>> {
    return runsPage([await membershipRuns(ctx, m, filterFor(args))], args);
  }
}

@Resolver(() => Collaboration)
export class CollaborationRunsResolver {
  @FieldResolver(() => ProtectedRunConnection, {
    description:
      "The protected queries and jobs of every membership the caller's accounts hold in this collaboration, merged newest first, filtered by kind, status and creation time. Other members' runs are not visible to these accounts.",
  })
  async runs(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext, @Args(() => RunArgs) args: RunArgs): Promise<Connection<ActivityNode>> {
    const filter = filterFor(args);
    const memberships = await federatedMemberships(ctx, c.id);
    return runsPage(await Promise.all(memberships.map((m) => membershipRuns(ctx, m, filter))), args);
  }
}

// ---- runStatusChanged -----------------------------------------------------------

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

async function membershipRoute(ctx: GraphContext, membershipId: string): Promise<MembershipRoute> {
  return routeFor(ctx, membershipRunsKey(membershipId), async () => ({ ...(await membershipHolder(ctx, membershipId)), membershipId }));
}

async function watchRunActivity(ctx: GraphContext, collaborationId?: string | null, membershipId?: string | null) {
  rejectProblems(targetProblems(collaborationId, membershipId));
  requireAnyReader(ctx);
  let routes: MembershipRoute[];
  if (membershipId) routes = [await membershipRoute(ctx, membershipId)];
  else {
    // NOT_FOUND when none of the caller's accounts sees the collaboration; then every federated membership in it.
    await collaborationReader(ctx, collaborationId!);
    routes = (await federatedMemberships(ctx, collaborationId!)).map((m) => ({ ...ctx.router.knownRoute(m.id)!, membershipId: m.id }));
  }
  const streams = [];
  try {
    for (const route of routes) streams.push(await watching(ctx, ctx.watch.membershipRuns(route), route));
  } catch (e) {
    for (const s of streams) void s.return();
    throw e;
  }
  return mergeStreams<RunActivityEvent>(streams);
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
