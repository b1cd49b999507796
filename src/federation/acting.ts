/**
 * Whose role a write uses, and the refusals that come before any write: a
 * caller without the grant, a resource none of the caller's accounts sees,
 * an account that is down. Only the creator's account submits, commits and
 * cancels change requests; a membership's own account starts and cancels its
 * runs and updates it (the voter for APPROVE/DENY: voters.ts). Each write is
 * sent once, and AWS's refusal comes back in the contract's words.
 */
import type { Action } from "../auth/grants";
import { classifyAwsError, provesNoEffect } from "../aws/errors";
import { ErrorCode } from "../errors/codes";
import { ContractError, refusal } from "../errors/contract-error";
import { AccountDown, accountExtensions } from "./account-health";
import { NotVisible, type AccountRouter, type MembershipRoute, type Place } from "./account-router";

/** Who is asking, as the acting rules need it (the GraphQL context is one). */
export interface Caller {
  /** The federated accounts the caller may read. */
  readonly accounts: readonly { accountId: string }[];
  may(accountId: string, action: Action, region?: string): boolean;
  readonly router: AccountRouter;
}

const ACTION_WORDS: Record<Action, string> = {
  read: "read",
  vote: "vote on change requests",
  commit: "submit, commit or cancel change requests",
  run: "start or cancel runs and update memberships",
};

/** Refuses at once, before any read, a caller who may not do `action` in any account. */
export function requireAnyGrant(caller: Caller, action: Action): void {
  if (!caller.accounts.some((a) => caller.may(a.accountId, action))) {
    throw refusal(ErrorCode.FORBIDDEN, `You may not ${ACTION_WORDS[action]} in any account.`);
  }
}

/** Refuses a caller who may not do `action` as the account, in `region` when named (the resource's region). */
export function requireGrant(caller: Caller, accountId: string, action: Action, region?: string): void {
  if (!caller.may(accountId, action, region)) {
    const where = region !== undefined && caller.may(accountId, action) ? ` in ${region}` : "";
    throw refusal(ErrorCode.FORBIDDEN, `You may not ${ACTION_WORDS[action]} as account ${accountId}${where}.`, { accountId });
  }
}

/**
 * A read a write depends on. A resource no caller account sees is NOT_FOUND
 * (`notVisible` says which); an account that is down is ACCOUNT_UNAVAILABLE:
 * the write cannot go on without the read.
 */
export async function reading<T>(work: Promise<T>, notVisible: string): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof NotVisible) throw refusal(ErrorCode.NOT_FOUND, notVisible);
    if (e instanceof AccountDown) {
      const where = e.region === undefined ? "" : ` in ${e.region}`;
      throw refusal(ErrorCode.ACCOUNT_UNAVAILABLE, `Account ${e.accountId} is unavailable${where}, so nothing was changed.`, accountExtensions(e.accountId, e.region));
    }
    throw e;
  }
}

/** NOT_FOUND, unless an account that might have found it is down: then that is the answer. */
function notFoundOrDown(caller: Caller, notVisible: string): ContractError {
  const down = caller.router.downAccounts();
  if (down.length === 0) return refusal(ErrorCode.NOT_FOUND, notVisible);
  return refusal(ErrorCode.ACCOUNT_UNAVAILABLE, `${notVisible.replace(/\.$/, "")} that are available (unavailable: ${down.join(", ")}); nothing was changed.`, {
    accountId: down[0],
  });
}

const collaborationNotVisible = (collaborationId: string) => `Collaboration ${collaborationId} is not visible to any of your accounts.`;

/** A federated account that reads the collaboration, in the collaboration's region; NOT_FOUND when none of the caller's does. */
export async function collaborationReader(caller: Caller, collaborationId: string): Promise<Place> {
  const notVisible = collaborationNotVisible(collaborationId);
  const reader = await reading(caller.router.readerAt(collaborationId), notVisible);
  if (!reader) throw notFoundOrDown(caller, notVisible);
  return reader;
}

/** The federated account holding a membership, and its collaboration; NOT_FOUND when none of the caller's does. */
export async function membershipHolder(caller: Caller, membershipId: string): Promise<MembershipRoute> {
  const notVisible = `Membership ${membershipId} is not held by any of your accounts.`;
  const route = await reading(caller.router.membershipRoute(membershipId), notVisible);
  if (!route) throw notFoundOrDown(caller, notVisible);
  return route;
}

/**
 * The creator's account, which the gateway acts as to submit, commit and
 * cancel change requests: refused, before any write, when that account is not
 * one the gateway federates for the caller, or the caller lacks the grant.
 * Finding it reads: the routing lists when nothing fetched names a reader, the
 * reader's ListCollaborations (shared with routing), and GetCollaboration only
 * when that list does not name the creator.
 */
export async function actAsCreator(caller: Caller, collaborationId: string, what: string): Promise<Place> {
  // The creator acts where the collaboration lives: the region its reader found it in.
  const { region } = await collaborationReader(caller, collaborationId);
  const creator = await reading(caller.router.creatorOf(collaborationId), collaborationNotVisible(collaborationId));
  if (!caller.accounts.some((a) => a.accountId === creator)) {
    throw refusal(
      ErrorCode.FORBIDDEN,
      `Only the creator of collaboration ${collaborationId} can ${what}, and its account ${creator} is not federated by this gateway (or not one of your accounts).`,
      { accountId: creator },
    );
  }
  requireGrant(caller, creator, "commit", region);
  return { accountId: creator, region };
}

/** The membership's holder, when the caller may `run` as it (start or cancel runs, update the membership). */
export async function actAsHolder(caller: Caller, membershipId: string): Promise<MembershipRoute> {
  requireAnyGrant(caller, "run");
  const route = await membershipHolder(caller, membershipId);
  requireGrant(caller, route.accountId, "run", route.region);
  return route;
}

/** AWS refused or failed a write; `nothingHappened` when the refusal proves the write had no effect. */
export class WriteError extends ContractError {
  constructor(
    code: ErrorCode,
    message: string,
    accountId: string,
    readonly nothingHappened: boolean,
  ) {
    super(code, message, { accountId });
  }
}

/** Sends one write as the account; AWS's refusal comes back in the contract's words. */
export async function writing<T>(accountId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const c = classifyAwsError(e, accountId);
    throw new WriteError(c.code, c.message, accountId, provesNoEffect(e));
  }
}
