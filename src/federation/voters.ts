/**
 * Which federated account casts a vote (APPROVE or DENY) on a change
 * request: the one the caller names (`asAccountId`), or, when none is
 * named, the one of the caller's accounts whose vote is still PENDING.
 * Several such accounts → the caller must choose (BAD_USER_INPUT listing
 * them); none → there is nothing to vote on (CONFLICT).
 *
 * Decided here, with no AWS call, from the request as just read. AWS has the
 * last word on anything that changes in between: its refusal is mapped.
 */
export type VoteAction = "APPROVE" | "DENY";

export interface VoteFacts {
  changeRequestId: string;
  /** The request's status: only a PENDING request takes votes. */
  status: string;
  /** Every voter's vote, by account id. */
  approvals: Readonly<Record<string, string>>;
  /** The federated accounts the caller may act as, in configuration order. */
  callerAccounts: readonly string[];
  /** Whether the caller may vote as the account (its grants). */
  mayVote: (accountId: string) => boolean;
  asAccountId?: string | null;
}

export type VoterChoice =
  | { ok: true; accountId: string }
  | { ok: false; code: "BAD_USER_INPUT" | "CONFLICT" | "FORBIDDEN"; message: string; field?: string; accountIds?: string[] };

export function chooseVoter(f: VoteFacts, action: VoteAction): VoterChoice {
  const verb = action === "APPROVE" ? "approve" : "deny";
  const pendingOf = (a: string) => f.approvals[a] === "PENDING";
  if (f.status !== "PENDING") {
    return { ok: false, code: "CONFLICT", message: `Change request ${f.changeRequestId} is ${f.status}; only a PENDING request takes votes.` };
  }

  if (f.asAccountId) {
    const a = f.asAccountId;
    if (!f.callerAccounts.includes(a)) {
      return { ok: false, code: "FORBIDDEN", field: "asAccountId", message: `asAccountId: account ${a} is not one of the federated accounts you can act as.` };
    }
    if (!(a in f.approvals)) {
      const voters = Object.keys(f.approvals).sort();
      return {
        ok: false,
        code: "BAD_USER_INPUT",
        field: "asAccountId",
        accountIds: voters,
        message: `asAccountId: account ${a} does not vote on change request ${f.changeRequestId}; its voters are ${voters.join(", ")}.`,
      };
    }
    if (!pendingOf(a)) {
      return { ok: false, code: "CONFLICT", message: `Account ${a} has already voted ${f.approvals[a]} on change request ${f.changeRequestId}.` };
    }
    if (!f.mayVote(a)) return { ok: false, code: "FORBIDDEN", message: `You may not vote as account ${a}.` };
    return { ok: true, accountId: a };
  }

  const pending = f.callerAccounts.filter(pendingOf);
  if (pending.length === 0) {
    return {
      ok: false,
      code: "CONFLICT",
      message: `None of your federated accounts has a PENDING vote on change request ${f.changeRequestId}, so there is nothing to ${verb}.`,
    };
  }
  const allowed = pending.filter((a) => f.mayVote(a));
  if (allowed.length === 0) {
    return { ok: false, code: "FORBIDDEN", message: `You may not vote as ${pending.length === 1 ? "account" : "any of the accounts"} ${pending.join(", ")}, whose vote is PENDING.` };
  }
  if (allowed.length > 1) {
    return {
      ok: false,
      code: "BAD_USER_INPUT",
      field: "asAccountId",
      accountIds: allowed,
      message: `asAccountId is required: several of your accounts have a PENDING vote on change request ${f.changeRequestId} (${allowed.join(", ")}); name the one that votes.`,
    };
  }
  return { ok: true, accountId: allowed[0] };
}
