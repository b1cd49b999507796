import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { AwsProtectedJob } from "../../aws/cleanrooms-api";
import { keyValues } from "../common/key-value.type";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { Membership } from "../membership/membership.type";
import { orAbsent, jobFromFull, type MemberNode, type JobNode } from "../nodes";
import { collaborationIdOf, computeConfiguration, membersById, membershipOf, receiverIds, statistics } from "../run/run.fields";
import { ComputeConfiguration, ProtectedRunError, ProtectedRunStatistics } from "../run/run.type";
import { ProtectedJob, ProtectedJobOutput, ProtectedJobResult, ProtectedJobParameters } from "./protected-job.type";

@Resolver(() => ProtectedJob)
export class ProtectedJobResolver {
  @Query(() => ProtectedJob, { nullable: true })
  async protectedJob(
    @Arg("membershipId", () => ID) membershipId: string,
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<JobNode | null> {
    const full = await orAbsent(ctx.loaders.protectedJob.load({ membershipId, id }));
    return full ? jobFromFull(full) : null;
  }

  private full(q: JobNode, ctx: GraphContext): Promise<AwsProtectedJob> {
    return q.full ? Promise.resolve(q.full) : ctx.loaders.protectedJob.load({ membershipId: q.membershipId, id: q.id });
  }

  @FieldResolver(() => Membership)
  membership(@Root() q: JobNode, @Ctx() ctx: GraphContext) {
    return membershipOf(q, ctx);
  }

  @FieldResolver(() => ProtectedJobParameters, { nullable: true })
  async jobParameters(@Root() q: JobNode, @Ctx() ctx: GraphContext): Promise<ProtectedJobParameters | null> {
    const p = (await this.full(q, ctx)).jobParameters;
    return p ? { analysisTemplateArn: p.analysisTemplateArn!, parameters: keyValues(p.parameters) } : null;
  }

  @FieldResolver(() => ComputeConfiguration, { nullable: true })
  async computeConfiguration(@Root() q: JobNode, @Ctx() ctx: GraphContext) {
    return computeConfiguration(await this.full(q, ctx));
  }

  @FieldResolver(() => ProtectedRunStatistics, { nullable: true })
  async statistics(@Root() q: JobNode, @Ctx() ctx: GraphContext) {
    return statistics(await this.full(q, ctx));
  }

  @FieldResolver(() => ProtectedJobResult, { nullable: true })
  async result(@Root() q: JobNode, @Ctx() ctx: GraphContext): Promise<ProtectedJobResult | null> {
    const output = (await this.full(q, ctx)).result?.output;
    if (!output) return null;
    const collaborationId = (await collaborationIdOf(q, ctx))!;
    const parts = output;
    const result: ProtectedJobOutput = {
      s3: parts.s3?.location ? { location: parts.s3.location } : undefined,
      memberAccountIds: parts.memberList?.map((m) => m.accountId!),
      collaborationId,
    };
    return { output: result };
  }

  @FieldResolver(() => ProtectedRunError, { nullable: true })
  async error(@Root() q: JobNode, @Ctx() ctx: GraphContext) {
    return (await this.full(q, ctx)).error ?? null;
  }

  @FieldResolver(() => [Member])
  async receivers(@Root() q: JobNode, @Ctx() ctx: GraphContext): Promise<MemberNode[]> {
    return membersById(ctx, await collaborationIdOf(q, ctx), await receiverIds(q, ctx, () => this.full(q, ctx)));
  }

  @FieldResolver(() => Member, { nullable: true, description: "The member who pays for this job's compute." })
  async payer(@Root() q: JobNode, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    if (!q.payerAccountId) return null;
    return (await membersById(ctx, await collaborationIdOf(q, ctx), [q.payerAccountId]))[0] ?? null;
  }
}

@Resolver(() => ProtectedJobOutput)
export class ProtectedJobOutputResolver {
  @FieldResolver(() => [Member], { nullable: true })
  memberList(@Root() o: ProtectedJobOutput, @Ctx() ctx: GraphContext) {
    return o.memberAccountIds ? membersById(ctx, o.collaborationId, o.memberAccountIds) : null;
  }
}
