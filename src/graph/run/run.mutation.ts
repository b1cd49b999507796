/**
 * Starting and cancelling protected queries and jobs, the same way for both:
 * input checks and the caller's grant first (no AWS call), then the
 * membership's holder (routing reads only when nothing fetched names it) and
 * its grant. A start then, under the idempotency key, checks the payer
 * against the collaboration's candidates for the run's cost type (from the
 * member list, which the returned run's `payer` then resolves from without
 * another read) and sends one Start* as the membership's account; it is
 * never resent except after throttling (ClientPool retries writes only then,
 * and AWS throttles before it acts). A cancel reads the run first (one Get*,
 * through the request's loader) and sends the Update* only for a run the
 * membership has that is still SUBMITTED or STARTED.
 */
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { ErrorCode } from "../../errors/codes";
import { ContractError, refusal } from "../../errors/contract-error";
import { actAsHolder, reading, WriteError, writing } from "../../federation/acting";
import { checkPayer, runnerProblem } from "../../federation/run-payer";
import { checkUuid } from "../../inputs/run-inputs";
import { IdempotencyConflict, IdempotencyStoreUnavailable, type Codec } from "../../idempotency";
import type { RunStates, RunWatch } from "../../watch";
import { rejectProblems } from "../../inputs/problems";
import type { GraphContext } from "../context";
import { runFromFull, type RunNode } from "../nodes";
import type { RunAnswer, RunField, RunKind, StartInput } from "./run.kind";
import { runNoun } from "./run.type";

/** Runs keep their timestamps as Dates; JSON keeps them as ISO strings. */
export function runCodec<Run>(): Codec<Run> {
  return {
    encode: (run) => JSON.stringify(run),
    decode: (text) => JSON.parse(text, (k, v) => (typeof v === "string" && /Time$/.test(k) && !Number.isNaN(Date.parse(v)) ? new Date(v) : v)) as Run,
  };
}

/** The run an AWS answer carries; AWS always sends it. */
const carried = <W extends RunWatch>(field: RunField<W>, answer: RunAnswer<W>): RunStates[W] => answer[field]!;

async function startRun<W extends RunWatch, Input extends StartInput>(
  ctx: GraphContext,
  kind: RunKind<W, Input>,
  input: Input,
): Promise<{ run: RunStates[W]; collaborationId: string; replayed: boolean }> {
  type Run = RunStates[W];
  rejectProblems(kind.check(input));
  const { accountId: runner, collaborationId, region } = await actAsHolder(ctx, input.membershipId);

  let sent = false;
  const start = async (): Promise<Run> => {
    const members = await reading(ctx.loaders.members.load(collaborationId), `Collaboration ${collaborationId} is not visible to any of your accounts.`);
    const cannot = runnerProblem(members, kind.cost, runner, collaborationId);
    if (cannot) throw refusal(ErrorCode.FORBIDDEN, cannot, { accountId: runner });
    const payer = checkPayer(members, kind.cost, runner, input.payerAccountId, "input.payerAccountId", collaborationId);
    if (!payer.ok) throw refusal(ErrorCode.BAD_USER_INPUT, payer.message, { field: payer.field, candidates: payer.candidates });
    sent = true;
    return writing(runner, async () => carried(kind.field, await kind.start(ctx.api)({ accountId: runner, region }, input, payer.named ? payer.payerAccountId : undefined)));
  };

  const { idempotencyKey, ...fingerprinted } = input;
  try {
    const { result, replayed } = await ctx.idempotency.run({
      // Keys are the caller's own, per operation: another principal's key never answers for this one.
      scope: `start${kind.name}:${ctx.principal?.id ?? "operator"}`,
      key: idempotencyKey,
      input: fingerprinted,
      start,
      codec: runCodec<Run>(),
      nothingStarted: (e) => !sent || (e instanceof WriteError && e.nothingHappened),
    });
    if (!replayed) return { run: result, collaborationId, replayed };
    // The first start's run, as it is now; as it was then if it cannot be read.
    const now = await kind.loader(ctx.loaders).load({ membershipId: input.membershipId, id: result.id! }).catch(() => result);
    return { run: now, collaborationId, replayed };
  } catch (e) {
    if (e instanceof IdempotencyConflict) throw refusal(ErrorCode.CONFLICT, e.message, { field: "input.idempotencyKey" });
    if (e instanceof IdempotencyStoreUnavailable) {
      throw refusal(ErrorCode.UPSTREAM_ERROR, "The idempotency store is unavailable, so nothing was started; try again later.");
    }
    throw e;
  }
}

/** What a cancel does in a status, as AWS answers it (emulator/rules/run-lifecycle.ts cancelAction). */
const CANCEL_ACTION: Record<string, "request" | "unchanged" | "refuse"> = {
  SUBMITTED: "request",
  STARTED: "request",
  CANCELLING: "unchanged",
  CANCELLED: "unchanged",
  SUCCESS: "refuse",
  FAILED: "refuse",
  TIMED_OUT: "refuse",
};

/**
 * Cancels a run as the membership's account (AWS: targetStatus CANCELLED),
 * checked first against the run itself, read as the holder through the
 * request's loader (one Get*, or none when this request read it already):
 * a run the membership does not have is NOT_FOUND, a finished one (SUCCESS,
 * FAILED, TIMED_OUT) CONFLICT, as AWS would answer, and neither sends the
 * Update*. One already CANCELLING or CANCELLED is answered as it is: AWS's
 * cancel would change nothing. A status the gateway does not know is left
 * to AWS.
 */
async function cancelRun<W extends RunWatch, Input extends StartInput>(
  ctx: GraphContext,
  kind: RunKind<W, Input>,
  membershipId: string,
  id: string,
): Promise<{ run: RunStates[W]; collaborationId: string }> {
  rejectProblems([...checkUuid("membershipId", membershipId), ...checkUuid("id", id)]);
  const { accountId, collaborationId, region } = await actAsHolder(ctx, membershipId);
  const noun = runNoun(kind.name);
  const notFound = `There is no ${noun} ${id} in membership ${membershipId}, so nothing was cancelled.`;
  let current: RunStates[W];
  try {
    current = await reading(kind.loader(ctx.loaders).load({ membershipId, id }), notFound);
  } catch (e) {
    if (e instanceof ContractError && e.code === ErrorCode.NOT_FOUND) throw refusal(ErrorCode.NOT_FOUND, notFound, { accountId });
    throw e;
  }
  const status = String(current.status);
  switch (CANCEL_ACTION[status]) {
    case "refuse":
      throw refusal(ErrorCode.CONFLICT, `The ${noun} ${id} is ${status} and can no longer be cancelled (AWS refuses it), so no cancel was sent.`, { accountId });
    case "unchanged":
      return { run: current, collaborationId };
    default:
      return { run: await writing(accountId, async () => carried(kind.field, await kind.cancel(ctx.api)({ accountId, region }, membershipId, id))), collaborationId };
  }
}

/** start<Kind> and cancel<Kind>: the run as it is now is what the next read in this request, and every subscriber, sees. */
export function createRunMutations<W extends RunWatch, Input extends StartInput>(kind: RunKind<W, Input>) {
  function freshen(ctx: GraphContext, run: RunStates[W], collaborationId: string): RunNode<RunStates[W]> {
    const key = { membershipId: run.membershipId!, id: run.id! };
    kind.loader(ctx.loaders).clear(key).prime(key, run);
    kind.pages(ctx.loaders).clearAll();
    ctx.watch.publishRun(kind.watch, run, ctx.requestId); // subscribers hear it now, not at the next poll
    return runFromFull(kind.payerField, run, collaborationId);
  }

  const noun = runNoun(kind.name);

  @Resolver()
  class RunMutationResolver {
    @Mutation(() => kind.types.Run, {
      name: `start${kind.name}`,
      description: `Start a ${noun} as the account that holds the membership (AWS Start${kind.name}); the payer is checked against the collaboration's candidates before anything is sent.`,
    })
    async start(
      @Arg("input", () => kind.Input, { description: "What to run, where, and who pays." }) input: Input,
      @Ctx() ctx: GraphContext,
    ): Promise<RunNode<RunStates[W]>> {
      const { run, collaborationId } = await startRun(ctx, kind, input);
      return freshen(ctx, run, collaborationId);
    }

    @Mutation(() => kind.types.Run, {
      name: `cancel${kind.name}`,
      description: `Cancel a ${noun} as the account that holds the membership (AWS Update${kind.name}, targetStatus CANCELLED); it goes to CANCELLING, then CANCELLED.`,
    })
    async cancel(
      @Arg("membershipId", () => ID, { description: `The id of the membership the ${noun} runs in (a UUID).` }) membershipId: string,
      @Arg("id", () => ID, { description: `The ${noun}'s id (a UUID).` }) id: string,
      @Ctx() ctx: GraphContext,
    ): Promise<RunNode<RunStates[W]>> {
      const { run, collaborationId } = await cancelRun(ctx, kind, membershipId, id);
      return freshen(ctx, run, collaborationId);
    }
  }
  return RunMutationResolver;
}
