import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { AwsMembership } from "../../aws/cleanrooms-api";
import { accountView } from "../account/account.resolver";
import { Account } from "../account/account.type";
import { Collaboration } from "../collaboration/collaboration.type";
import type { Connection } from "../common/connection";
import { AFTER, FIRST, statusFilter } from "../common/descriptions";
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
  regionOfArn,
} from "../nodes";
import { ProtectedJobConnection } from "../protected-job/protected-job.connection";
import { ProtectedQueryConnection } from "../protected-query/protected-query.connection";
import { Membership } from "./membership.type";

@Resolver(() => Membership)
export class MembershipResolver {
  @Query(() => Membership, {
    nullable: true,
    description: "One membership, read through the federated account that holds it; null when none of the caller's accounts holds it or that account is unavailable.",
  })
  async membership(@Arg("id", () => ID, { description: "The membership's id (a UUID)." }) id: string, @Ctx() ctx: GraphContext): Promise<MembershipNode | null> {
    const holder = (await ctx.router.membershipRoute(id))?.accountId;
    if (!holder) return null;
    const summary = (await orMissing(ctx.loaders.allMemberships(holder), [])).find((m) => m.id === id);
    return summary ? membershipFromSummary(holder, summary) : null;
  }

  private get<K extends keyof AwsMembership>(m: MembershipNode, name: K, ctx: GraphContext) {
    return field<MembershipNode, AwsMembership, K>(m, name, () => ctx.loaders.membership.load(m.id));
  }

  @FieldResolver(() => String, { description: "The membership's ARN." }) arn(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return this.get(m, "arn", ctx); }
  @FieldResolver(() => String, { description: "The AWS Region the membership lives in: its collaboration's (e.g. eu-west-1)." })
  async region(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return regionOfArn(await this.get(m, "arn", ctx))!; }
  @FieldResolver(() => MembershipStatus, { description: "The membership's state." }) status(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return this.get(m, "status", ctx); }
  @FieldResolver(() => [MemberAbility], { description: "What the account may do in the collaboration; empty for a member that only contributes data." }) memberAbilities(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return this.get(m, "memberAbilities", ctx); }
  @FieldResolver(() => PaymentConfiguration, { description: "The costs the member has accepted to pay (change them with updateMembershipPaymentConfiguration)." }) paymentConfiguration(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return this.get(m, "paymentConfiguration", ctx); }
  // Only GetMembership tells these, through the holder: behind a holder found down they are left out (its error says why).
  @FieldResolver(() => String, { nullable: true, description: "Whether AWS logs this membership's queries to CloudWatch Logs (AWS queryLogStatus: ENABLED or DISABLED); null when AWS does not say or the holding account is unavailable." }) queryLogStatus(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return orMissing(this.get(m, "queryLogStatus", ctx), undefined); }
  @FieldResolver(() => String, { nullable: true, description: "Whether AWS logs this membership's jobs to CloudWatch Logs (AWS jobLogStatus: ENABLED or DISABLED); null when AWS does not say or the holding account is unavailable." }) jobLogStatus(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) { return orMissing(this.get(m, "jobLogStatus", ctx), undefined); }

  @FieldResolver(() => [CustomMLMemberAbility], { description: "The account's custom ML abilities in the collaboration; empty when it has none." })
  async mlMemberAbilities(@Root() m: MembershipNode, @Ctx() ctx: GraphContext) {
    return (await this.get(m, "mlMemberAbilities", ctx))?.customMLMemberAbilities ?? [];
  }

  @FieldResolver(() => Account, { description: "The federated account that holds this membership." })
  account(@Root() m: MembershipNode, @Ctx() ctx: GraphContext): Account {
    return accountView(ctx, ctx.accounts.find((a) => a.accountId === m.accountId)!);
  }

  @FieldResolver(() => Collaboration, { description: "The collaboration the membership belongs to." })
  collaboration(@Root() m: MembershipNode, @Ctx() ctx: GraphContext): CollaborationNode {
    return collaborationOfMembership(m);
  }

  @FieldResolver(() => ProtectedQueryConnection, { description: "The protected queries run in this membership (AWS ListProtectedQueries)." })
  async protectedQueries(
    @Root() m: MembershipNode,
    @Ctx() ctx: GraphContext,
    @Arg("status", () => ProtectedQueryStatus, { nullable: true, description: statusFilter("queries") }) status?: ProtectedQueryStatus,
    @Arg("first", () => Int, { nullable: true, description: FIRST }) first?: number,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string,
  ): Promise<Connection<QueryNode>> {
    return awsConnection({ first, after, list: ["ListProtectedQueries", m.id, status ?? null] }, (page) => ctx.loaders.queryPage.load({ membershipId: m.id, status, ...page }), (s) => queryFromSummary(s, m.collaborationId));
  }

  @FieldResolver(() => ProtectedJobConnection, { description: "The protected jobs run in this membership (AWS ListProtectedJobs)." })
  async protectedJobs(
    @Root() m: MembershipNode,
    @Ctx() ctx: GraphContext,
    @Arg("status", () => ProtectedJobStatus, { nullable: true, description: statusFilter("jobs") }) status?: ProtectedJobStatus,
    @Arg("first", () => Int, { nullable: true, description: FIRST }) first?: number,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string,
  ): Promise<Connection<JobNode>> {
    return awsConnection({ first, after, list: ["ListProtectedJobs", m.id, status ?? null] }, (page) => ctx.loaders.jobPage.load({ membershipId: m.id, status, ...page }), (s) => jobFromSummary(s, m.collaborationId));
  }
}
