/**
 * What every mutation does the same way: refuse bad input and missing
 * grants before any AWS call, read through the loaders with failures said in
 * the contract's words, send the write once as the right account and map
 * AWS's refusal (never masking it), and find who created a collaboration.
 */
import { GraphQLError } from "graphql";
import { AccountCredentialsError, classifyAwsError, UnknownAccountError } from "../../aws/errors";
import { httpStatusOf } from "../../aws/retry";
import { ErrorCode } from "../../errors/codes";
import { AccountDown } from "../../federation/account-health";
import type { InputProblem } from "../../federation/run-inputs";
import type { Action, GraphContext } from "../context";
import { NotVisible } from "../loaders";

export const refusal = (code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { ...extensions, code } });

/** BAD_USER_INPUT naming every problem; extensions.field is the first problem's path. */
export function rejectProblems(problems: readonly InputProblem[]): void {
  if (problems.length === 0) return;
  const message = problems.map((p) => p.message).join("; ");
  throw refusal(ErrorCode.BAD_USER_INPUT, message.endsWith(".") ? message : `${message}.`, { field: problems[0].field });
}

const ACTION_WORDS: Record<Action, string> = {
  read: "read",
  vote: "vote on change requests",
  commit: "submit, commit or cancel change requests",
  run: "start or cancel runs and update memberships",
};

/** Refuses at once, before any read, a caller who may not do `action` in any account. */
export function requireAnyGrant(ctx: GraphContext, action: Action): void {
  if (!ctx.accounts.some((a) => ctx.may(a.accountId, action))) {
    throw refusal(ErrorCode.FORBIDDEN, `You may not ${ACTION_WORDS[action]} in any account.`);
  }
}

export function requireGrant(ctx: GraphContext, accountId: string, action: Action): void {
  if (!ctx.may(accountId, action)) {
    throw refusal(ErrorCode.FORBIDDEN, `You may not ${ACTION_WORDS[action]} as account ${accountId}.`, { accountId });
  }
}

/**
 * A read a mutation depends on. A resource no caller account sees is
 * NOT_FOUND (`notVisible` says which); an account that is down is
 * ACCOUNT_UNAVAILABLE: the mutation cannot go on without the read.
 */
export async function reading<T>(work: Promise<T>, notVisible: string): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof NotVisible) throw refusal(ErrorCode.NOT_FOUND, notVisible);
    if (e instanceof AccountDown) {
      throw refusal(ErrorCode.ACCOUNT_UNAVAILABLE, `Account ${e.accountId} is unavailable, so nothing was changed.`, { accountId: e.accountId });
    }
    throw e;
  }
}

/** AWS refused or failed a write; `nothingHappened` when the refusal proves the write had no effect. */
export class WriteError extends GraphQLError {
  constructor(
    message: string,
    extensions: Record<string, unknown>,
    readonly nothingHappened: boolean,
  ) {
    super(message, { extensions });
  }
}

/**
 * An answer that proves nothing was done: AWS answered 4xx (it checks and
 * throttles before acting), or no request left (no credentials, unknown
 * account). After a 5xx or a dropped connection the write may have happened.
 */
export function nothingHappened(e: unknown): boolean {
  if (e instanceof AccountCredentialsError || e instanceof UnknownAccountError) return true;
  const status = httpStatusOf(e);
  return status !== undefined && status >= 400 && status < 500;
}

/** Sends one write as the account; AWS's refusal comes back in the contract's words. */
export async function writing<T>(accountId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const c = classifyAwsError(e, accountId);
    throw new WriteError(c.message, { code: c.code, accountId }, nothingHappened(e));
  }
}

/**
 * The creator of a collaboration, from the collaboration lists the routing
 * read anyway (ListCollaborations carries it); GetCollaboration only when no
 * list has it.
 */
export async function creatorOf(ctx: GraphContext, collaborationId: string): Promise<string> {
  const notVisible = `Collaboration ${collaborationId} is not visible to any of your accounts.`;
  const reader = await reading(ctx.loaders.readerOf(collaborationId), notVisible);
  if (!reader) throw notFoundOrDown(ctx, notVisible);
  const listed = (await reading(ctx.loaders.allCollaborations(reader), notVisible)).find((c) => c.id === collaborationId)?.creatorAccountId;
  return listed ?? (await reading(ctx.loaders.collaboration.load(collaborationId), notVisible)).creatorAccountId!;
}

/**
 * Only the creator submits, commits and cancels change requests, so the
 * gateway acts as the creator's account: refused (no AWS call) when that
 * account is not one the gateway federates for the caller, or the caller
 * lacks the grant.
 */
export async function actAsCreator(ctx: GraphContext, collaborationId: string, what: string): Promise<string> {
  const creator = await creatorOf(ctx, collaborationId);
  if (!ctx.accounts.some((a) => a.accountId === creator)) {
    throw refusal(
      ErrorCode.FORBIDDEN,
      `Only the creator of collaboration ${collaborationId} can ${what}, and its account ${creator} is not federated by this gateway (or not one of your accounts).`,
      { accountId: creator },
    );
  }
  requireGrant(ctx, creator, "commit");
  return creator;
}

/** The federated account holding a membership and its collaboration; NOT_FOUND when none of the caller's does. */
export async function membershipHolder(ctx: GraphContext, membershipId: string): Promise<{ accountId: string; collaborationId: string }> {
  const notVisible = `Membership ${membershipId} is not held by any of your accounts.`;
  const route = await reading(ctx.loaders.membershipRoute(membershipId), notVisible);
  if (!route) throw notFoundOrDown(ctx, notVisible);
  return route;
}

/** NOT_FOUND, unless an account that might have found it is down: then that is the answer. */
function notFoundOrDown(ctx: GraphContext, notVisible: string): GraphQLError {
  const down = ctx.accounts.map((a) => a.accountId).filter((a) => ctx.health.isDown(a));
  if (down.length === 0) return refusal(ErrorCode.NOT_FOUND, notVisible);
  return refusal(ErrorCode.ACCOUNT_UNAVAILABLE, `${notVisible.replace(/\.$/, "")} that are available (unavailable: ${down.join(", ")}); nothing was changed.`, {
    accountId: down[0],
  });
}
