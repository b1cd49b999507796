import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { AwsCollaboration } from "../../aws/cleanrooms-api";
import { mergeCollaborations } from "../../federation/collaborations";
import { defaultPayer, payerCandidates } from "../../federation/payers";
import { ChangeRequestConnection } from "../change-request/change-request.connection";
import { offsetPage, pageSize, type Connection } from "../common/connection";
import { accountIdOf, AFTER, FIRST, statusFilter } from "../common/descriptions";
import { AutoApprovedChangeType, ChangeRequestStatus, CostType } from "../common/enums";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { Membership } from "../membership/membership.type";
import {
  awsConnection,
  collaborationFromSummary,
  field,
  membersOf,
  membershipFromMember,
  orMissing,
  type CollaborationNode,
  type MemberNode,
  type MembershipNode,
  regionOfArn,
} from "../nodes";
import { CollaborationConnection } from "./collaboration.connection";
import { Collaboration } from "./collaboration.type";
import type { AwsChangeRequestSummary } from "../../aws/cleanrooms-api";

@Resolver(() => Collaboration)
export class CollaborationResolver {
  @Query(() => CollaborationConnection, { description: "Collaborations visible to any of the caller's accounts, each listed once." })
  async collaborations(
    @Ctx() ctx: GraphContext,
    @Arg("first", () => Int, { nullable: true, description: FIRST }) first?: number,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string,
  ): Promise<Connection<CollaborationNode>> {
    pageSize(first);
    // The merged list is whole only once every account's list is: read them all (in parallel), then page here.
    const perAccount = await Promise.all(
      ctx.accounts.map(async ({ accountId }) => ({ accountId, summaries: await orMissing(ctx.loaders.allCollaborations(accountId), []) })),
    );
    return offsetPage(mergeCollaborations(perAccount).map((c) => collaborationFromSummary(c.summary)), first, after);
  }

  @Query(() => Collaboration, { nullable: true, description: "One collaboration; null when none of the caller's available accounts sees it." })
  async collaboration(@Arg("id", () => ID, { description: "The collaboration's id (a UUID)." }) id: string, @Ctx() ctx: GraphContext): Promise<CollaborationNode | null> {
    const full = await orMissing(ctx.loaders.collaboration.load(id), null);
    return full ? { id, known: full } : null;
  }

  private get<K extends keyof AwsCollaboration>(c: CollaborationNode, name: K, ctx: GraphContext) {
    return field<CollaborationNode, AwsCollaboration, K>(c, name, () => ctx.loaders.collaboration.load(c.id));
  }

  @FieldResolver(() => String, { description: "The collaboration's ARN." }) arn(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "arn", ctx); }
  @FieldResolver(() => String, { description: "The collaboration's name, as its creator set it; not unique." }) name(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "name", ctx); }
  @FieldResolver(() => String, { description: "The AWS Region the collaboration lives in (e.g. eu-west-1); its memberships and runs live there too." })
  async region(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return regionOfArn(await this.get(c, "arn", ctx))!; }
  // Only GetCollaboration tells the description: behind a reader found down it is left out (its error says why).
  @FieldResolver(() => String, { nullable: true, description: "What the collaboration is for, in its creator's words; null when it has none, or when no account that can read it is available." }) description(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return orMissing(this.get(c, "description", ctx), undefined); }
  @FieldResolver(() => String, { description: accountIdOf("the member who created the collaboration") }) creatorAccountId(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "creatorAccountId", ctx); }
  @FieldResolver(() => String, { description: "The creator's display name in the collaboration." }) creatorDisplayName(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "creatorDisplayName", ctx); }
  @FieldResolver(() => Date, { description: "When the collaboration was created (ISO 8601, UTC)." }) createTime(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "createTime", ctx); }
  @FieldResolver(() => Date, { description: "When the collaboration's settings last changed (ISO 8601, UTC)." }) updateTime(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "updateTime", ctx); }
  @FieldResolver(() => String, { nullable: true, description: "The engine that runs the collaboration's analyses (AWS analyticsEngine: SPARK or CLEAN_ROOMS_SQL); null when AWS names none." }) analyticsEngine(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "analyticsEngine", ctx); }

  @FieldResolver(() => [AutoApprovedChangeType], { description: "The change types this collaboration approves without a vote; empty when none." })
  async autoApprovedChangeTypes(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) {
    return (await this.get(c, "autoApprovedChangeTypes", ctx)) ?? [];
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description: "The creator as a member of the collaboration; null when the member list cannot be read (no account that sees it is available).",
  })
  async creator(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    const [creatorId, members] = await Promise.all([this.get(c, "creatorAccountId", ctx), membersOf(ctx, c.id)]);
    return members.get(creatorId!) ?? null;
  }

  @FieldResolver(() => [Member], {
    description: "Every member of the collaboration, federated or not (AWS ListMembers); empty when no account that sees it is available.",
  })
  async members(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext): Promise<MemberNode[]> {
    return [...(await membersOf(ctx, c.id)).values()];
  }

  @FieldResolver(() => [Membership], { description: "The memberships that the federated accounts hold in this collaboration." })
  async memberships(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext): Promise<MembershipNode[]> {
    const mine = new Set(ctx.accounts.map((a) => a.accountId));
    const members = [...(await membersOf(ctx, c.id)).values()];
    // A membership held by an account that is down (there: in the collaboration's region) is that account's part of the graph: left out.
    const region = ctx.router.collaborationRegion(c.id);
    return members.filter((m) => m.membershipId && mine.has(m.accountId!) && !ctx.health.isDown(m.accountId!, region)).map(membershipFromMember);
  }

  @FieldResolver(() => ChangeRequestConnection, { description: "The collaboration's change requests (AWS ListCollaborationChangeRequests)." })
  async changeRequests(
    @Root() c: CollaborationNode,
    @Ctx() ctx: GraphContext,
    @Arg("status", () => ChangeRequestStatus, { nullable: true, description: statusFilter("change requests") }) status?: ChangeRequestStatus,
    @Arg("first", () => Int, { nullable: true, description: FIRST }) first?: number,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string,
  ): Promise<Connection<AwsChangeRequestSummary>> {
    return awsConnection({ first, after, list: ["ListCollaborationChangeRequests", c.id, status ?? null] }, (page) => ctx.loaders.changeRequestPage.load({ collaborationId: c.id, status, ...page }), (r) => r);
  }

  @FieldResolver(() => [Member], { description: "Members configured as responsible for this cost type (several are allowed)." })
  async payerCandidates(
    @Root() c: CollaborationNode,
    @Arg("costType", () => CostType, { description: "The cost type whose candidates to list." }) costType: CostType,
    @Ctx() ctx: GraphContext,
  ) {
    return payerCandidates([...(await membersOf(ctx, c.id)).values()], costType);
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description:
      "The member who pays when no payer is named: the single candidate, or the member who can query (run jobs) when none is configured; null when several candidates exist.",
  })
  async defaultPayer(
    @Root() c: CollaborationNode,
    @Arg("costType", () => CostType, { description: "The cost type whose default payer to find." }) costType: CostType,
    @Ctx() ctx: GraphContext,
  ) {
    return defaultPayer([...(await membersOf(ctx, c.id)).values()], costType) ?? null;
  }
}
