/** The read side of a run kind: its Query field and the fields the summary does not carry, loaded once when selected. */
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { RunStates, RunWatch } from "../../watch";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { Membership } from "../membership/membership.type";
import { orAbsent, orMissing, regionOfArn, runFromFull, type MemberNode, type RunNode } from "../nodes";
import { collaborationIdOf, computeConfiguration, membersById, membershipOf, receiverIds, statistics } from "./run.fields";
import type { RunKind, StartInput } from "./run.kind";
import { ComputeConfiguration, ProtectedRunError, ProtectedRunStatistics, runNoun, type RunOutputNode } from "./run.type";

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
  /**
   * A field of the full run, `missing` when its holder is down (one ACCOUNT_UNAVAILABLE names the account:
   * server/finish.ts) or no longer sees it: the rest of the run, and of the answer, stands.
   */
  const fromFull = <T>(r: Node, ctx: GraphContext, pick: (f: RunStates[W]) => T | Promise<T>, missing: T): Promise<T> =>
    orMissing(full(r, ctx).then(pick), missing);

  const noun = runNoun(kind.name);

  @Resolver(() => kind.types.Run)
  class RunResolver {
    @Query(() => kind.types.Run, {
      name: kind.field,
      nullable: true,
      description: `One ${noun}; null when it does not exist or none of the caller's available accounts holds its membership.`,
    })
    async run(
      @Arg("membershipId", () => ID, { description: `The id of the membership the ${noun} runs in (a UUID).` }) membershipId: string,
      @Arg("id", () => ID, { description: `The ${noun}'s id (a UUID).` }) id: string,
      @Ctx() ctx: GraphContext,
    ): Promise<Node | null> {
      const found = await orAbsent(kind.loader(ctx.loaders).load({ membershipId, id }));
      return found ? runFromFull(kind.payerField, found) : null;
    }

    @FieldResolver(() => String, { description: `The AWS Region the ${noun} runs in: its membership's (e.g. eu-west-1).` })
    async region(@Root() r: Node, @Ctx() ctx: GraphContext): Promise<string> {
      // The summary or the run names its membership's ARN; else the membership's (routing reads it anyway).
      const arn = r.membershipArn ?? r.full?.membershipArn ?? (await ctx.loaders.membership.load(r.membershipId)).arn;
      return regionOfArn(arn)!;
    }

    @FieldResolver(() => Membership, { description: `The membership the ${noun} runs in.` })
    membership(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return membershipOf(r, ctx);
    }

    @FieldResolver(() => kind.parameters.type, { name: kind.parameters.field, nullable: true, description: kind.parameters.description })
    async parameters(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return fromFull(r, ctx, (f) => kind.parameters.of(f), null);
    }

    @FieldResolver(() => ComputeConfiguration, { nullable: true, description: `The compute the ${noun} runs on; null when AWS does not say.` })
    async computeConfiguration(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return fromFull(r, ctx, computeConfiguration, null);
    }

    @FieldResolver(() => ProtectedRunStatistics, { nullable: true, description: "How long it ran and the compute billed; null until AWS reports them." })
    async statistics(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return fromFull(r, ctx, statistics, null);
    }

    @FieldResolver(() => kind.types.Result, { nullable: true, description: "Where the results went; null until AWS reports a result (on SUCCESS)." })
    async result(@Root() r: Node, @Ctx() ctx: GraphContext): Promise<{ output: RunOutputNode } | null> {
      const output: AwsRunOutput | undefined = await fromFull(r, ctx, (f) => f.result?.output, undefined);
      if (!output) return null;
      const collaborationId = (await collaborationIdOf(r, ctx))!;
      // A distributed result lists where each part went; the contract shows its S3 part and its members.
      const parts = output.distribute ?? output;
      return {
        output: { s3: parts.s3?.location ? { location: parts.s3.location } : undefined, memberAccountIds: parts.memberList?.map((m) => m.accountId!), collaborationId },
      };
    }

    @FieldResolver(() => ProtectedRunError, { nullable: true, description: "Why it failed; null unless AWS reports an error." })
    async error(@Root() r: Node, @Ctx() ctx: GraphContext) {
      return fromFull(r, ctx, (f) => f.error ?? null, null);
    }

    @FieldResolver(() => [Member], { description: "Members that receive the results." })
    async receivers(@Root() r: Node, @Ctx() ctx: GraphContext): Promise<MemberNode[]> {
      return orMissing(
        (async () => membersById(ctx, await collaborationIdOf(r, ctx), await receiverIds(r, ctx, () => full(r, ctx))))(),
        [],
      );
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
    @FieldResolver(() => [Member], { nullable: true, description: "The members that received the results; null when the results went to S3 only." })
    memberList(@Root() o: RunOutputNode, @Ctx() ctx: GraphContext) {
      return o.memberAccountIds ? membersById(ctx, o.collaborationId, o.memberAccountIds) : null;
    }
  }
  return RunOutputResolver;
}
