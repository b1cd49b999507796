import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { AwsCollaboration } from "../../aws/cleanrooms-api";
import { mergeCollaborations } from "../../federation/collaborations";
import { defaultPayer, payerCandidates } from "../../federation/payers";
import { ChangeRequestConnection } from "../change-request/change-request.connection";
import { offsetPage, pageSize, type Connection } from "../common/connection";
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
} from "../nodes";
import { CollaborationConnection } from "./collaboration.connection";
import { Collaboration } from "./collaboration.type";
import type { AwsChangeRequestSummary } from "../../aws/cleanrooms-api";

@Resolver(() => Collaboration)
export class CollaborationResolver {
  @Query(() => CollaborationConnection, { description: "Collaborations visible to any of the caller's accounts, each listed once." })
  async collaborations(
    @Ctx() ctx: GraphContext,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<Connection<CollaborationNode>> {
    pageSize(first);
    // The merged list is whole only once every account's list is: read them all (in parallel), then page here.
    const perAccount = await Promise.all(
      ctx.accounts.map(async ({ accountId }) => ({ accountId, summaries: await orMissing(ctx.loaders.allCollaborations(accountId), []) })),
    );
    return offsetPage(mergeCollaborations(perAccount).map((c) => collaborationFromSummary(c.summary)), first, after);
  }

  @Query(() => Collaboration, { nullable: true })
  async collaboration(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphContext): Promise<CollaborationNode | null> {
    const full = await orMissing(ctx.loaders.collaboration.load(id), null);
    return full ? { id, known: full } : null;
  }

  private get<K extends keyof AwsCollaboration>(c: CollaborationNode, name: K, ctx: GraphContext) {
    return field<CollaborationNode, AwsCollaboration, K>(c, name, () => ctx.loaders.collaboration.load(c.id));
  }

  @FieldResolver(() => String) arn(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "arn", ctx); }
  @FieldResolver(() => String) name(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "name", ctx); }
  // Only GetCollaboration tells the description: behind a reader found down it is left out (its error says why).
  @FieldResolver(() => String, { nullable: true }) description(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return orMissing(this.get(c, "description", ctx), undefined); }
  @FieldResolver(() => String) creatorAccountId(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "creatorAccountId", ctx); }
  @FieldResolver(() => String) creatorDisplayName(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "creatorDisplayName", ctx); }
  @FieldResolver(() => Date) createTime(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "createTime", ctx); }
  @FieldResolver(() => Date) updateTime(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "updateTime", ctx); }
  @FieldResolver(() => String, { nullable: true }) analyticsEngine(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) { return this.get(c, "analyticsEngine", ctx); }

  @FieldResolver(() => [AutoApprovedChangeType])
  async autoApprovedChangeTypes(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext) {
    return (await this.get(c, "autoApprovedChangeTypes", ctx)) ?? [];
  }

  @FieldResolver(() => Member, { nullable: true })
  async creator(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    const [creatorId, members] = await Promise.all([this.get(c, "creatorAccountId", ctx), membersOf(ctx, c.id)]);
    return members.get(creatorId!) ?? null;
  }

  @FieldResolver(() => [Member])
  async members(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext): Promise<MemberNode[]> {
    return [...(await membersOf(ctx, c.id)).values()];
  }

  @FieldResolver(() => [Membership], { description: "The memberships that the federated accounts hold in this collaboration." })
  async memberships(@Root() c: CollaborationNode, @Ctx() ctx: GraphContext): Promise<MembershipNode[]> {
    const mine = new Set(ctx.accounts.map((a) => a.accountId));
    const members = [...(await membersOf(ctx, c.id)).values()];
    // A membership held by an account that is down is that account's part of the graph: left out.
    return members.filter((m) => m.membershipId && mine.has(m.accountId!) && !ctx.health.isDown(m.accountId!)).map(membershipFromMember);
  }

  @FieldResolver(() => ChangeRequestConnection)
  async changeRequests(
    @Root() c: CollaborationNode,
    @Ctx() ctx: GraphContext,
    @Arg("status", () => ChangeRequestStatus, { nullable: true }) status?: ChangeRequestStatus,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<Connection<AwsChangeRequestSummary>> {
    return awsConnection({ first, after }, (page) => ctx.loaders.changeRequestPage.load({ collaborationId: c.id, status, ...page }), (r) => r);
  }

  @FieldResolver(() => [Member], { description: "Members configured as responsible for this cost type (several are allowed)." })
  async payerCandidates(@Root() c: CollaborationNode, @Arg("costType", () => CostType) costType: CostType, @Ctx() ctx: GraphContext) {
    return payerCandidates([...(await membersOf(ctx, c.id)).values()], costType);
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description:
      "The member who pays when no payer is named: the single candidate, or the member who can query (run jobs) when none is configured; null when several candidates exist.",
  })
  async defaultPayer(@Root() c: CollaborationNode, @Arg("costType", () => CostType) costType: CostType, @Ctx() ctx: GraphContext) {
    return defaultPayer([...(await membersOf(ctx, c.id)).values()], costType) ?? null;
  }
}
