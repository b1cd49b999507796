/** The read side of a run kind: its Query field and the fields the summary does not carry, loaded once when selected. */
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { RunStates, RunWatch } from "../../watch";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { Membership } from "../membership/membership.type";
import { orAbsent, runFromFull, type MemberNode, type RunNode } from "../nodes";
import { collaborationIdOf, computeConfiguration, membersById, membershipOf, receiverIds, statistics } from "./run.fields";
import type { RunKind, StartInput } from "./run.kind";
import { ComputeConfiguration, ProtectedRunError, ProtectedRunStatistics, type RunOutputNode } from "./run.type";

/** What AWS says a run's result went to; only a query's may be distributed. */
interface AwsRunOutput {
  s3?: { location?: string };
  memberList?: { accountId?: string }[];
  distribute?: AwsRunOutput;
}

export function createRunResolver<W extends RunWatch, Input extends StartInput>(kind: RunKind<W, Input>) {
  type Node = RunNode<RunStates[W]>;
  const full = (r: Node, ctx: GraphContext): Promise<RunStates[W]> =>
    r.full ? Promise.resolve(r.full) : kind.loader(ctx.loaders).load({ membershipId: r.membershipId, id: r.id });

  @Resolver(() => kind.types.Run)
  class RunResolver {
    @Query(() => kind.types.Run, { name: kind.field, nullable: true })
    async run(@Arg("membershipId", () => ID) membershipId: string, @Arg("id", () => ID) id: string, @Ctx() ctx: GraphContext): Promise<Node | null> {
      const found = await orAbsent(kind.loader(ctx.loaders).load({ membershipId, id }));
      return found ? runFromFull(kind.payerField, found) : null;
    }

    @FieldResolver(() => Membership)
    membership(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return membershipOf(r, ctx);
    }

    @FieldResolver(() => kind.parameters.type, { name: kind.parameters.field, nullable: true })
    async parameters(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return kind.parameters.of(await full(r, ctx));
    }

    @FieldResolver(() => ComputeConfiguration, { nullable: true })
    async computeConfiguration(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return computeConfiguration(await full(r, ctx));
    }

    @FieldResolver(() => ProtectedRunStatistics, { nullable: true })
    async statistics(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return statistics(await full(r, ctx));
    }

    @FieldResolver(() => kind.types.Result, { nullable: true })
    async result(@Root() r: Node, @Ctx() ctx: GraphContext): Promise<{ output: RunOutputNode } | null> {
      const output: AwsRunOutput | undefined = (await full(r, ctx)).result?.output;
      if (!output) return null;
      const collaborationId = (await collaborationIdOf(r, ctx))!;
      // A distributed result lists where each part went; the contract shows its S3 part and its members.
      const parts = output.distribute ?? output;
      return {
        output: { s3: parts.s3?.location ? { location: parts.s3.location } : undefined, memberAccountIds: parts.memberList?.map((m) => m.accountId!), collaborationId },
      };
    }

    @FieldResolver(() => ProtectedRunError, { nullable: true })
    async error(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return (await full(r, ctx)).error ?? null;
    }

    @FieldResolver(() => [Member], { description: kind.receiversDescription })
    async receivers(@Root() r: Node, @Ctx() ctx: GraphContext): Promise<MemberNode[]> {
      return membersById(ctx, await collaborationIdOf(r, ctx), await receiverIds(r, ctx, () => full(r, ctx)));
    }

    @FieldResolver(() => Member, { nullable: true, description: `The member who pays for this ${kind.watch}'s compute.` })
    async payer(@Root() r: Node, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
      if (!r.payerAccountId) return null;
      return (await membersById(ctx, await collaborationIdOf(r, ctx), [r.payerAccountId]))[0] ?? null;
    }
  }
  return RunResolver;
}

export function createRunOutputResolver<W extends RunWatch, Input extends StartInput>(kind: RunKind<W, Input>) {
  @Resolver(() => kind.types.Output)
  class RunOutputResolver {
    @FieldResolver(() => [Member], { nullable: true })
    memberList(@Root() o: RunOutputNode, @Ctx() ctx: GraphContext) {
      return o.memberAccountIds ? membersById(ctx, o.collaborationId, o.memberAccountIds) : null;
    }
  }
  return RunOutputResolver;
}
