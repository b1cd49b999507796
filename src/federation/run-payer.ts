/**
 * The payer check made before a StartProtectedQuery / StartProtectedJob is
 * sent, from the collaboration's member list (no call of its own):
 * - a named payer must be one of the candidates for the run's cost type;
 * - with several candidates, one must be named;
 * - with no candidate configured, the runner pays (and is the only account
 *   that may be named).
 * The runner must also have the ability the run needs (CAN_QUERY /
 * CAN_RUN_JOB), or AWS would refuse the start anyway.
 */
import { payerCandidates, runnerAbility, type CostType, type PayerFacts } from "./payers";

export interface PayerMember extends PayerFacts {
  displayName?: string;
}

export type PayerCheck =
  | {
      ok: true;
      /** Who will pay: the named account, the single candidate, or the runner. */
      payerAccountId: string;
      /** Whether the caller named the payer (only then is it sent to AWS). */
      named: boolean;
    }
  | { ok: false; reason: "not-a-candidate" | "ambiguous"; candidates: string[]; field: string; message: string };

const label = (m: PayerMember | undefined, accountId: string) => (m?.displayName ? `${accountId} (${m.displayName})` : accountId);

/**
 * `field` is the payer's path in the GraphQL input (e.g. "input.payerAccountId").
 * Candidates are listed in member order, each with its display name.
 */
export function checkPayer<M extends PayerMember>(
  members: readonly M[],
  cost: CostType,
  runnerAccountId: string,
  named: string | undefined | null,
  field: string,
  collaborationId: string,
): PayerCheck {
  const configured = payerCandidates(members, cost).map((m) => m.accountId!);
  const candidates = configured.length > 0 ? configured : [runnerAccountId];
  const byId = new Map(members.map((m) => [m.accountId, m]));
  const list = candidates.map((a) => label(byId.get(a), a)).join(", ");
  const why = configured.length > 0 ? `the ${cost} payer candidates of collaboration ${collaborationId} are` : `collaboration ${collaborationId} has no ${cost} payer candidate, so the runner pays:`;
  if (named) {
    if (candidates.includes(named)) return { ok: true, payerAccountId: named, named: true };
    return { ok: false, reason: "not-a-candidate", candidates, field, message: `${field}: account ${named} is not a payer candidate; ${why} ${list}.` };
  }
  if (candidates.length === 1) return { ok: true, payerAccountId: candidates[0], named: false };
  return { ok: false, reason: "ambiguous", candidates, field, message: `${field} is required: several members can pay; ${why} ${list}. Name one of them.` };
}

/** Whether the runner may start a run of this cost type (CAN_QUERY for queries, CAN_RUN_JOB for jobs). */
export function runnerProblem<M extends PayerMember>(members: readonly M[], cost: CostType, runnerAccountId: string, collaborationId: string): string | undefined {
  const ability = runnerAbility(cost);
  const runner = members.find((m) => m.accountId === runnerAccountId);
  if (!runner || runner.status !== "ACTIVE") return `Account ${runnerAccountId} is not an active member of collaboration ${collaborationId}.`;
  if (!(runner.abilities ?? []).includes(ability)) return `Account ${runnerAccountId} does not have ${ability} in collaboration ${collaborationId}.`;
  return undefined;
}
