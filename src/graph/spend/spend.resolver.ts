/**
 * Collaboration.spend: the billed compute of the finished runs the gateway
 * can see, by payer, cost type or membership (the sums: federation/spend.ts).
 * Reads: the collaboration's member list, each federated membership's run
 * lists (only the pages the window needs), and one Get per finished run in
 * the window, because only the full run carries its statistics.
 */
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { inWindow, spendOf, type SpendRun } from "../../federation/spend";
import { rejectProblems } from "../../inputs/problems";
import { checkWindow, federatedMemberships, membershipRuns } from "../activity/runs";
import { Collaboration } from "../collaboration/collaboration.type";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { Membership } from "../membership/membership.type";
import { membersOf, orMissing, type CollaborationNode, type MemberNode, type MembershipNode } from "../nodes";
import { CollaborationSpend, SpendGroup, SpendGroupBy } from "./spend.type";

const opaque = (parts: string[]): string => Buffer.from(parts.join("|"), "utf8").toString("base64url");

@Resolver(() => Collaboration)
export class CollaborationSpendResolver {
  @FieldResolver(() => CollaborationSpend, {
    description:
      "Who pays how much: an estimate of billed compute units (CRPU-hours as AWS reports them in run statistics), not money, for the finished protected queries and jobs created in [from, to) (all of them when both are left out), " +
      "of the memberships the caller's accounts hold in this collaboration; split by payer, cost type or membership, with how many runs count and how many lack statistics.",
  })
  async spend(
    @Root() c: CollaborationNode,
    @Ctx() ctx: GraphContext,
    @Arg("groupBy", () => SpendGroupBy, { description: "How to split the runs: PAYER, COST_TYPE or MEMBERSHIP." }) groupBy: SpendGroupBy,
    @Arg("from", () => Date, { nullable: true, description: "The window's start (inclusive, ISO 8601): runs created at or after it count. Left out: from the oldest run." }) fromArg?: Date | null,
    @Arg("to", () => Date, { nullable: true, description: "The window's end (exclusive, ISO 8601), later than from: runs created before it count. Left out: up to now." }) toArg?: Date | null,
  ): Promise<CollaborationSpend> {
    rejectProblems(checkWindow(fromArg, toArg));
    const from = fromArg ?? undefined;
    const to = toArg ?? undefined;
    const memberships = await federatedMemberships(ctx, c.id);
    const finished = (await Promise.all(memberships.map(async (m) => (await membershipRuns(ctx, m, { families: ["query", "job"], from, to })).runs))).flat().filter((r) => inWindow(r, from, to));
    const runs: SpendRun[] = await Promise.all(
      finished.map(async (r): Promise<SpendRun> => {
        const key = { membershipId: r.membershipId, id: r.id };
        // Only the full run carries statistics; a run its holder can no longer read counts as one without them.
        const full = await orMissing<{ statistics?: { billedResourceUtilization?: { units?: number } } } | undefined>(
          r.family === "query" ? ctx.loaders.protectedQuery.load(key) : ctx.loaders.protectedJob.load(key),
          undefined,
        );
        return {
          id: r.id,
          membershipId: r.membershipId,
          costType: r.family === "query" ? "QUERY_COMPUTE" : "JOB_COMPUTE",
          payerAccountId: r.payerAccountId,
          units: full?.statistics?.billedResourceUtilization?.units,
        };
      }),
    );
    const spend = spendOf(runs, groupBy);
    const byId = new Map(memberships.map((m) => [m.id, m]));
    // The same report asked again (same collaboration, grouping and window) is the same object in a client's cache.
    const id = opaque(["spend", c.id, groupBy, fromArg?.toISOString() ?? "", toArg?.toISOString() ?? ""]);
    return {
      id,
      from: fromArg ?? null,
      to: toArg ?? null,
      groupBy,
      ...spend,
      groups: spend.groups.map(({ key, ...totals }) => ({
        id: opaque([id, key ?? ""]),
        ...totals,
        collaborationId: c.id,
        payerAccountId: groupBy === "PAYER" ? key : null,
        costType: groupBy === "COST_TYPE" ? (key as SpendGroup["costType"]) : null,
        membershipId: groupBy === "MEMBERSHIP" ? key : null,
        membershipNode: groupBy === "MEMBERSHIP" && key ? byId.get(key) : undefined,
      })),
    };
  }
}

@Resolver(() => SpendGroup)
export class SpendGroupResolver {
  @FieldResolver(() => Member, { nullable: true, description: "With groupBy PAYER: the paying member; null otherwise, or when the member list cannot be read." })
  async payer(@Root() g: SpendGroup, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    return g.payerAccountId ? ((await membersOf(ctx, g.collaborationId)).get(g.payerAccountId) ?? null) : null;
  }

  @FieldResolver(() => Membership, { nullable: true, description: "With groupBy MEMBERSHIP: the membership that ran the runs; null otherwise." })
  membership(@Root() g: SpendGroup): MembershipNode | null {
    return g.membershipNode ?? null;
  }
}
