/** startProtectedQuery and cancelProtectedQuery (the shared flow is in run/run.mutation.ts). */
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { AwsProtectedQuery } from "../../aws/cleanrooms-api";
import { checkStartQuery, checkUuid } from "../../federation/run-inputs";
import { rejectProblems } from "../common/mutation";
import type { GraphContext } from "../context";
import { queryFromFull, type QueryNode } from "../nodes";
import { cancelRun, startRun, type StartSpec } from "../run/run.mutation";
import { StartProtectedQueryInput, toAwsStartQuery } from "./protected-query.input";
import { ProtectedQuery } from "./protected-query.type";

const QUERY: StartSpec<StartProtectedQueryInput, AwsProtectedQuery> = {
  operation: "startProtectedQuery",
  cost: "QUERY_COMPUTE",
  check: (input) => checkStartQuery(input),
  send: async (ctx, accountId, input, payer) => (await ctx.api.startProtectedQuery(accountId, toAwsStartQuery(input, payer))).protectedQuery!,
  current: (ctx, membershipId, id) => ctx.loaders.protectedQuery.load({ membershipId, id }),
  idOf: (q) => q.id!,
};

/** The run is what the next read in this request sees; lists of its membership are read anew. */
function freshen(ctx: GraphContext, q: AwsProtectedQuery, collaborationId: string): QueryNode {
  const key = { membershipId: q.membershipId!, id: q.id! };
  ctx.loaders.protectedQuery.clear(key).prime(key, q);
  ctx.loaders.queryPage.clearAll();
  ctx.watch.publishQuery(q); // subscribers hear it now, not at the next poll
  return queryFromFull(q, collaborationId);
}

@Resolver()
export class ProtectedQueryMutationResolver {
  @Mutation(() => ProtectedQuery)
  async startProtectedQuery(@Arg("input", () => StartProtectedQueryInput) input: StartProtectedQueryInput, @Ctx() ctx: GraphContext): Promise<QueryNode> {
    const { run, collaborationId } = await startRun(ctx, QUERY, input);
    return freshen(ctx, run, collaborationId);
  }

  @Mutation(() => ProtectedQuery)
  async cancelProtectedQuery(
    @Arg("membershipId", () => ID) membershipId: string,
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<QueryNode> {
    rejectProblems([...checkUuid("membershipId", membershipId), ...checkUuid("id", id)]);
    const { run, collaborationId } = await cancelRun(ctx, membershipId, async (accountId) => (await ctx.api.cancelProtectedQuery(accountId, membershipId, id)).protectedQuery!);
    return freshen(ctx, run, collaborationId);
  }
}
