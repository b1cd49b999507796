import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { AwsProtectedQuery } from "../../aws/cleanrooms-api";
import { keyValues } from "../common/key-value.type";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { Membership } from "../membership/membership.type";
import { orAbsent, queryFromFull, type MemberNode, type QueryNode } from "../nodes";
import { collaborationIdOf, computeConfiguration, membersById, membershipOf, receiverIds, statistics } from "../run/run.fields";
import { ComputeConfiguration, ProtectedRunError, ProtectedRunStatistics } from "../run/run.type";
import { ProtectedQuery, ProtectedQueryOutput, ProtectedQueryResult, ProtectedQuerySQLParameters } from "./protected-query.type";

@Resolver(() => ProtectedQuery)
export class ProtectedQueryResolver {
  @Query(() => ProtectedQuery, { nullable: true })
  async protectedQuery(
    @Arg("membershipId", () => ID) membershipId: string,
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<QueryNode | null> {
    const full = await orAbsent(ctx.loaders.protectedQuery.load({ membershipId, id }));
    return full ? queryFromFull(full) : null;
  }

  private full(q: QueryNode, ctx: GraphContext): Promise<AwsProtectedQuery> {
    return q.full ? Promise.resolve(q.full) : ctx.loaders.protectedQuery.load({ membershipId: q.membershipId, id: q.id });
  }

  @FieldResolver(() => Membership)
  membership(@Root() q: QueryNode, @Ctx() ctx: GraphContext) {
    return membershipOf(q, ctx);
  }

  @FieldResolver(() => ProtectedQuerySQLParameters, { nullable: true })
  async sqlParameters(@Root() q: QueryNode, @Ctx() ctx: GraphContext): Promise<ProtectedQuerySQLParameters | null> {
    const p = (await this.full(q, ctx)).sqlParameters;
    return p ? { queryString: p.queryString, analysisTemplateArn: p.analysisTemplateArn, parameters: keyValues(p.parameters) } : null;
  }

  @FieldResolver(() => ComputeConfiguration, { nullable: true })
  async computeConfiguration(@Root() q: QueryNode, @Ctx() ctx: GraphContext) {
    return computeConfiguration(await this.full(q, ctx));
  }

  @FieldResolver(() => ProtectedRunStatistics, { nullable: true })
  async statistics(@Root() q: QueryNode, @Ctx() ctx: GraphContext) {
    return statistics(await this.full(q, ctx));
  }

  @FieldResolver(() => ProtectedQueryResult, { nullable: true })
  async result(@Root() q: QueryNode, @Ctx() ctx: GraphContext): Promise<ProtectedQueryResult | null> {
    const output = (await this.full(q, ctx)).result?.output;
    if (!output) return null;
    const collaborationId = (await collaborationIdOf(q, ctx))!;
    // A distributed result lists where each part went; the contract shows its S3 part and its members.
    const parts = output.distribute ?? output;
    const result: ProtectedQueryOutput = {
      s3: parts.s3?.location ? { location: parts.s3.location } : undefined,
      memberAccountIds: parts.memberList?.map((m) => m.accountId!),
      collaborationId,
    };
    return { output: result };
  }

  @FieldResolver(() => ProtectedRunError, { nullable: true })
  async error(@Root() q: QueryNode, @Ctx() ctx: GraphContext) {
    return (await this.full(q, ctx)).error ?? null;
  }

  @FieldResolver(() => [Member], { description: "Members that receive the results." })
  async receivers(@Root() q: QueryNode, @Ctx() ctx: GraphContext): Promise<MemberNode[]> {
    return membersById(ctx, await collaborationIdOf(q, ctx), await receiverIds(q, ctx, () => this.full(q, ctx)));
  }

  @FieldResolver(() => Member, { nullable: true, description: "The member who pays for this query's compute." })
  async payer(@Root() q: QueryNode, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    if (!q.payerAccountId) return null;
    return (await membersById(ctx, await collaborationIdOf(q, ctx), [q.payerAccountId]))[0] ?? null;
  }
}

@Resolver(() => ProtectedQueryOutput)
export class ProtectedQueryOutputResolver {
  @FieldResolver(() => [Member], { nullable: true })
  memberList(@Root() o: ProtectedQueryOutput, @Ctx() ctx: GraphContext) {
    return o.memberAccountIds ? membersById(ctx, o.collaborationId, o.memberAccountIds) : null;
  }
}
