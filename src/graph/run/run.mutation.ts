/**
 * Starting and cancelling protected queries and jobs, the same way for both:
 * input checks and grants first (no AWS call), then, under the idempotency
 * key, the payer check against the collaboration's candidates for the run's
 * cost type (from the member list, which the returned run's `payer` then
 * resolves from without another read), and one Start* as the membership's
 * account. A start is never resent except after throttling (ClientPool
 * retries writes only then, and AWS throttles before it acts).
 */
import { ErrorCode } from "../../errors/codes";
import type { CostType } from "../../federation/payers";
import { checkPayer, runnerProblem } from "../../federation/run-payer";
import type { InputProblem } from "../../federation/run-inputs";
import { IdempotencyConflict, IdempotencyStoreUnavailable, type Codec } from "../../idempotency";
import { membershipHolder, reading, refusal, rejectProblems, requireAnyGrant, requireGrant, WriteError, writing } from "../common/mutation";
import type { GraphContext } from "../context";

export interface StartSpec<Input extends { membershipId: string; payerAccountId?: string | null; idempotencyKey?: string | null }, Run> {
  /** The mutation's name: the idempotency scope and the wording of messages. */
  operation: "startProtectedQuery" | "startProtectedJob";
  cost: CostType;
  check: (input: Input) => InputProblem[];
  send: (ctx: GraphContext, accountId: string, input: Input, namedPayer: string | undefined) => Promise<Run>;
  /** The run as it is now (a repeat answers with it), read once through the loaders. */
  current: (ctx: GraphContext, membershipId: string, id: string) => Promise<Run>;
  idOf: (run: Run) => string;
}

/** Runs keep their timestamps as Dates; JSON keeps them as ISO strings. */
export function runCodec<Run>(): Codec<Run> {
  return {
    encode: (run) => JSON.stringify(run),
    decode: (text) => JSON.parse(text, (k, v) => (typeof v === "string" && /Time$/.test(k) && !Number.isNaN(Date.parse(v)) ? new Date(v) : v)) as Run,
  };
}

export async function startRun<Input extends { membershipId: string; payerAccountId?: string | null; idempotencyKey?: string | null }, Run>(
  ctx: GraphContext,
  spec: StartSpec<Input, Run>,
  input: Input,
): Promise<{ run: Run; collaborationId: string; replayed: boolean }> {
  rejectProblems(spec.check(input));
  requireAnyGrant(ctx, "run");
  const { accountId: runner, collaborationId } = await membershipHolder(ctx, input.membershipId);
  requireGrant(ctx, runner, "run");

  let sent = false;
  const start = async (): Promise<Run> => {
    const members = await reading(ctx.loaders.members.load(collaborationId), `Collaboration ${collaborationId} is not visible to any of your accounts.`);
    const cannot = runnerProblem(members, spec.cost, runner, collaborationId);
    if (cannot) throw refusal(ErrorCode.FORBIDDEN, cannot, { accountId: runner });
    const payer = checkPayer(members, spec.cost, runner, input.payerAccountId, "input.payerAccountId", collaborationId);
    if (!payer.ok) throw refusal(ErrorCode.BAD_USER_INPUT, payer.message, { field: payer.field, candidates: payer.candidates });
    sent = true;
    return writing(runner, () => spec.send(ctx, runner, input, payer.named ? payer.payerAccountId : undefined));
  };

  const { idempotencyKey, ...fingerprinted } = input;
  try {
    const { result, replayed } = await ctx.idempotency.run({
      // Keys are the caller's own, per operation: another principal's key never answers for this one.
      scope: `${spec.operation}:${ctx.principal?.id ?? "operator"}`,
      key: idempotencyKey,
      input: fingerprinted,
      start,
      codec: runCodec<Run>(),
      nothingStarted: (e) => !sent || (e instanceof WriteError && e.nothingHappened),
    });
    if (!replayed) return { run: result, collaborationId, replayed };
    // The first start's run, as it is now; as it was then if it cannot be read.
    const now = await spec.current(ctx, input.membershipId, spec.idOf(result)).catch(() => result);
    return { run: now, collaborationId, replayed };
  } catch (e) {
    if (e instanceof IdempotencyConflict) throw refusal(ErrorCode.CONFLICT, e.message, { field: "input.idempotencyKey" });
    if (e instanceof IdempotencyStoreUnavailable) {
      throw refusal(ErrorCode.UPSTREAM_ERROR, "The idempotency store is unavailable, so nothing was started; try again later.");
    }
    throw e;
  }
}

/** Cancels a run as the membership's account (AWS: targetStatus CANCELLED). */
export async function cancelRun<Run>(
  ctx: GraphContext,
  membershipId: string,
  send: (accountId: string) => Promise<Run>,
): Promise<{ run: Run; collaborationId: string }> {
  requireAnyGrant(ctx, "run");
  const { accountId, collaborationId } = await membershipHolder(ctx, membershipId);
  requireGrant(ctx, accountId, "run");
  return { run: await writing(accountId, () => send(accountId)), collaborationId };
}
