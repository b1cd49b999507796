/**
 * Collaboration.spend: the billed compute of the finished runs the gateway
 * can see, by any combination of payer, cost type and membership (the sums:
 * federation/spend.ts). Reads: the collaboration's member list, each
 * federated membership's run lists (only the pages the window needs), and a
 * Get per finished run in the window that the process has not read before
 * (only the full run carries its statistics, and a finished run's never
 * change: loaders.ts listedRunStatistics).
 */
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { GROUPINGS, inWindow, spendOf, unseenRunners, type SpendRun } from "../../federation/spend";
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
      "Who pays how much: an estimate of billed compute units (CRPU-hours as AWS reports them in run statistics), not money, for the finished protected queries and jobs of the memberships the caller's accounts hold in this collaboration, " +
      "counted by when each run was created: a run created in [from, to) counts (all of them when both are left out), even if it finished after `to`. " +
      "Split by any combination of payer, cost type and membership (groupBy: [PAYER, COST_TYPE] gives each payer's units per cost type), with how many runs count, how many lack statistics, and which members' runs the gateway cannot see.",
  })
  async spend(
    @Root() c: CollaborationNode,
    @Ctx() ctx: GraphContext,
    @Arg("groupBy", () => [SpendGroupBy], {
      description: "The fields to split the runs by, together: any of PAYER, COST_TYPE, MEMBERSHIP (repeats ignored; a single value is a list of one; empty: one group of every run).",
    })
    groupByArg: SpendGroupBy[],
    @Arg("from", () => Date, { nullable: true, description: "The window's start (inclusive, ISO 8601): runs created at or after it count. Left out: from the oldest run." }) fromArg?: Date | null,
    @Arg("to", () => Date, { nullable: true, description: "The window's end (exclusive, ISO 8601), later than from: runs created before it count. Left out: up to now." }) toArg?: Date | null,
  ): Promise<CollaborationSpend> {
    rejectProblems(checkWindow(fromArg, toArg));
    const groupBy = GROUPINGS.filter((g) => groupByArg.includes(g));
    const from = fromArg ?? undefined;
    const to = toArg ?? undefined;
    const memberships = await federatedMemberships(ctx, c.id);
    const finished = (await Promise.all(memberships.map(async (m) => (await membershipRuns(ctx, m, { families: ["query", "job"], from, to })).runs))).flat().filter((r) => inWindow(r, from, to));
    const runs: SpendRun[] = await Promise.all(
      finished.map(async (r): Promise<SpendRun> => {
        // A run whose statistics cannot be read now (its holder down, the caller's allowance spent) counts as one without them.
        const statistics = await orMissing(ctx.loaders.listedRunStatistics(r.family, r.membershipId, r.id), undefined);
        return {
          id: r.id,
          membershipId: r.membershipId,
          costType: r.family === "query" ? "QUERY_COMPUTE" : "JOB_COMPUTE",
          payerAccountId: r.payerAccountId,
          units: statistics?.units,
        };
      }),
    );
    const spend = spendOf(runs, groupBy);
    const byId = new Map(memberships.map((m) => [m.id, m]));
    const readable = new Set(ctx.accounts.map((a) => a.accountId));
    // The same report asked again (same collaboration, grouping and window) is the same object in a client's cache.
    const id = opaque(["spend", c.id, groupBy.join("+"), fromArg?.toISOString() ?? "", toArg?.toISOString() ?? ""]);
    return {
      id,
      from: fromArg ?? null,
      to: toArg ?? null,
      groupBy,
      ...spend,
      groups: spend.groups.map(({ payerAccountId, costType, membershipId, ...totals }) => ({
        id: opaque([id, JSON.stringify([payerAccountId, costType, membershipId])]),
        ...totals,
        collaborationId: c.id,
        payerAccountId: payerAccountId ?? null,
        costType: costType ?? null,
        membershipId: membershipId ?? null,
        membershipNode: membershipId ? byId.get(membershipId) : undefined,
      })),
      // The member list federatedMemberships read: no further call.
      membersNotVisible: unseenRunners([...(await membersOf(ctx, c.id)).values()], readable),
    };
  }
}

@Resolver(() => SpendGroup)
export class SpendGroupResolver {
  @FieldResolver(() => Member, { nullable: true, description: "With PAYER in groupBy: the paying member; null otherwise, or when the member list cannot be read." })
  async payer(@Root() g: SpendGroup, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    return g.payerAccountId ? ((await membersOf(ctx, g.collaborationId)).get(g.payerAccountId) ?? null) : null;
  }

  @FieldResolver(() => Membership, { nullable: true, description: "With MEMBERSHIP in groupBy: the membership that ran the runs; null otherwise." })
  membership(@Root() g: SpendGroup): MembershipNode | null {
    return g.membershipNode ?? null;
  }
}
