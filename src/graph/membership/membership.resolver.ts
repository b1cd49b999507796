import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { AwsMembership } from "../../aws/cleanrooms-api";
import { Account } from "../account/account.type";
import { Collaboration } from "../collaboration/collaboration.type";
import type { Connection } from "../common/connection";
import { CustomMLMemberAbility, MemberAbility, MembershipStatus, ProtectedJobStatus, ProtectedQueryStatus } from "../common/enums";
import { PaymentConfiguration } from "../common/payment.type";
import type { GraphContext } from "../context";
import {
  awsConnection,
  collaborationOfMembership,
  field,
  jobFromSummary,
  membershipFromSummary,
  orMissing,
  queryFromSummary,
  type CollaborationNode,
  type JobNode,
  type MembershipNode,
  type QueryNode,
} from "../nodes";
import { ProtectedJobConnection } from "../protected-job/protected-job.connection";
import { ProtectedQueryConnection } from "../protected-query/protected-query.connection";
import { Membership } from "./membership.type";

@Resolver(() => Membership)
export class MembershipResolver {
  @Query(() => Membership, { nullable: true })
  async membership(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphContext): Promise<MembershipNode | null> {
    const holder = (await ctx.router.membershipRoute(id))?.accountId;
    if (!holder) return null;
    const summary = (await orMissing(ctx.loaders.allMemberships(holder), [])).find((m) => m.id === id);
    return summary ? membershipFromSummary(holder, summary) : null;
  }

  private get<K extends keyof AwsMembership>(m: MembershipNode, name: K, ctx: GraphContext) {
    return field<MembershipNode, AwsMembership, K>(m, name, () => ctx.loaders.membership.load(m.id));
  }

  @FieldResolver(() => String) arn(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return this.get(m, "arn", ctx); }
  @FieldResolver(() => MembershipStatus) status(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return this.get(m, "status", ctx); }
  @FieldResolver(() => [MemberAbility]) memberAbilities(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return this.get(m, "memberAbilities", ctx); }
  @FieldResolver(() => PaymentConfiguration) paymentConfiguration(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return this.get(m, "paymentConfiguration", ctx); }
  // Only GetMembership tells these, through the holder: behind a holder found down they are left out (its error says why).
  @FieldResolver(() => String, { nullable: true }) queryLogStatus(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return orMissing(this.get(m, "queryLogStatus", ctx), undefined); }
  @FieldResolver(() => String, { nullable: true }) jobLogStatus(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return orMissing(this.get(m, "jobLogStatus", ctx), undefined); }

  @FieldResolver(() => [CustomMLMemberAbility])
  async mlMemberAbilities(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) {
    return (await this.get(m, "mlMemberAbilities", ctx))?.customMLMemberAbilities ?? [];
  }

  @FieldResolver(() => Account, { description: "The federated account that holds this membership." })
  account(@Root() m: MembershipNode, @Ctx() ctx: GraphContext): Account {
    const { accountId, alias, region } = ctx.accounts.find((a) => a.accountId === m.accountId)!;
    return { accountId, alias, region };
  }

  @FieldResolver(() => Collaboration)
  collaboration(@Root() m: MembershipNode, @Ctx() ctx: GraphContext): CollaborationNode {
    return collaborationOfMembership(m);
  }

  @FieldResolver(() => ProtectedQueryConnection)
  async protectedQueries(
    @Root() m: MembershipNode,
    @Ctx() ctx: GraphContext,
    @Arg("status", () => ProtectedQueryStatus, { nullable: true }) status?: ProtectedQueryStatus,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<Connection<QueryNode>> {
    return awsConnection({ first, after }, (page) => ctx.loaders.queryPage.load({ membershipId: m.id, status, ...page }), (s) => queryFromSummary(s, m.collaborationId));
  }

  @FieldResolver(() => ProtectedJobConnection)
  async protectedJobs(
    @Root() m: MembershipNode,
    @Ctx() ctx: GraphContext,
    @Arg("status", () => ProtectedJobStatus, { nullable: true }) status?: ProtectedJobStatus,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<Connection<JobNode>> {
    return awsConnection({ first, after }, (page) => ctx.loaders.jobPage.load({ membershipId: m.id, status, ...page }), (s) => jobFromSummary(s, m.collaborationId));
  }
}
