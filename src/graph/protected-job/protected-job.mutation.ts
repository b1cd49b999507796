/** startProtectedJob and cancelProtectedJob (the shared flow is in run/run.mutation.ts). */
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { AwsProtectedJob } from "../../aws/cleanrooms-api";
import { checkStartJob, checkUuid } from "../../federation/run-inputs";
import { rejectProblems } from "../common/mutation";
import type { GraphContext } from "../context";
import { jobFromFull, type JobNode } from "../nodes";
import { cancelRun, startRun, type StartSpec } from "../run/run.mutation";
import { StartProtectedJobInput, toAwsStartJob } from "./protected-job.input";
import { ProtectedJob } from "./protected-job.type";

const JOB: StartSpec<StartProtectedJobInput, AwsProtectedJob> = {
  operation: "startProtectedJob",
  cost: "JOB_COMPUTE",
  check: (input) => checkStartJob(input),
  send: async (ctx, accountId, input, payer) => (await ctx.api.startProtectedJob(accountId, toAwsStartJob(input, payer))).protectedJob!,
  current: (ctx, membershipId, id) => ctx.loaders.protectedJob.load({ membershipId, id }),
  idOf: (j) => j.id!,
};

/** The run is what the next read in this request sees; lists of its membership are read anew. */
function freshen(ctx: GraphContext, j: AwsProtectedJob, collaborationId: string): JobNode {
  const key = { membershipId: j.membershipId!, id: j.id! };
  ctx.loaders.protectedJob.clear(key).prime(key, j);
  ctx.loaders.jobPage.clearAll();
  ctx.watch.publishJob(j); // subscribers hear it now, not at the next poll
  return jobFromFull(j, collaborationId);
}

@Resolver()
export class ProtectedJobMutationResolver {
  @Mutation(() => ProtectedJob)
  async startProtectedJob(@Arg("input", () => StartProtectedJobInput) input: StartProtectedJobInput, @Ctx() ctx: GraphContext): Promise<JobNode> {
    const { run, collaborationId } = await startRun(ctx, JOB, input);
    return freshen(ctx, run, collaborationId);
  }

  @Mutation(() => ProtectedJob)
  async cancelProtectedJob(
    @Arg("membershipId", () => ID) membershipId: string,
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<JobNode> {
    rejectProblems([...checkUuid("membershipId", membershipId), ...checkUuid("id", id)]);
    const { run, collaborationId } = await cancelRun(ctx, membershipId, async (accountId) => (await ctx.api.cancelProtectedJob(accountId, membershipId, id)).protectedJob!);
    return freshen(ctx, run, collaborationId);
  }
}
