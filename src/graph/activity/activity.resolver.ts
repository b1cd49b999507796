/**
 * Activity across memberships: Membership.runs and Collaboration.runs (the
 * run family merged newest first). runStatusChanged, which follows them
 * live, is activity.subscription.ts.
 */
import type { GraphQLResolveInfo } from "graphql";
import { Args, ArgsType, Ctx, Field, FieldResolver, Info, Int, Resolver, Root } from "type-graphql";
import { rejectProblems } from "../../inputs/problems";
import { Collaboration } from "../collaboration/collaboration.type";
import { listTag, pageSize, type Connection } from "../common/connection";
import { decodeKey, pageAfter } from "../common/keyset";
import { AFTER, FIRST } from "../common/descriptions";
import type { GraphContext } from "../context";
import { Membership } from "../membership/membership.type";
import type { CollaborationNode, MembershipNode } from "../nodes";
import { familyOfKind, ProtectedRun, ProtectedRunConnection, ProtectedRunKind, ProtectedRunStatus } from "./activity.type";
import { checkWindow, federatedMemberships, membershipRuns, RUN_KEY_LENGTH, runKey, type ActivityNode, type MatchedRuns, type RunFilter } from "./runs";

const KIND = "Only runs of this kind. Left out: protected queries and jobs.";
const STATUS = "Only runs with this status. Left out: every status.";
const FROM = "Only runs created at or after this time (ISO 8601). Left out: from the oldest.";
const TO = "Only runs created before this time (ISO 8601), later than from. Left out: up to now.";

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

/** The tag of one run list (its parent and filters), which its cursors carry. */
const runList = (parent: string, a: RunArgs): string =>
  listTag(["runs", parent, a.kind ?? null, a.status ?? null, a.from?.toISOString() ?? null, a.to?.toISOString() ?? null]);

/**
 * The filter for one page: checked first (a cursor of another list, or none of ours, is refused before any AWS
 * read), and each list read only as far as this page needs: `first` runs after the cursor's key.
 */
function filterFor(a: RunArgs, list: string): RunFilter {
  const size = pageSize(a.first);
  const after = decodeKey(a.after, list, RUN_KEY_LENGTH);
  rejectProblems(checkWindow(a.from, a.to));
  return {
    families: a.kind ? [familyOfKind[a.kind]] : ["query", "job"],
    status: a.status ?? undefined,
    from: a.from ?? undefined,
    to: a.to ?? undefined,
    need: size,
    after,
  };
}

/** A page of the merged runs after the cursor; a list read only as far as this page needed may hold more (its next page may then be empty). */
function runsPage(matched: MatchedRuns[], a: RunArgs, list: string, filter: RunFilter): Connection<ActivityNode> {
  const page = pageAfter(matched.flatMap((m) => m.runs), runKey, list, filter.need!, filter.after, !!a.after);
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
    description: "The membership's protected queries and jobs together, newest first (jobs before queries created at the same instant; AWS ListProtectedQueries and ListProtectedJobs, merged), filtered by kind, status and creation time. " +
      "A cursor names its run, not a position: runs started since the last page do not repeat or shift the next one.",
  })
  async runs(@Root() m: MembershipNode, @Ctx() ctx: GraphContext, @Args(() => RunArgs) args: RunArgs): Promise<Connection<ActivityNode>> {
    const list = runList(`membership/${m.id}`, args);
    const filter = filterFor(args, list);
    return runsPage([await membershipRuns(ctx, m, filter)], args, list, filter);
  }
}

@Resolver(() => Collaboration)
export class CollaborationRunsResolver {
  @FieldResolver(() => ProtectedRunConnection, {
    description:
      "The protected queries and jobs of every membership the caller's accounts hold in this collaboration, merged newest first, filtered by kind, status and creation time. Other members' runs are not visible to these accounts. " +
      "A cursor names its run, not a position: runs started since the last page do not repeat or shift the next one.",
  })
  async runs(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext, @Args(() => RunArgs) args: RunArgs): Promise<Connection<ActivityNode>> {
    const list = runList(`collaboration/${c.id}`, args);
    const filter = filterFor(args, list);
    const memberships = await federatedMemberships(ctx, c.id);
    return runsPage(await Promise.all(memberships.map((m) => membershipRuns(ctx, m, filter))), args, list, filter);
  }
}
