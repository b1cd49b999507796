/**
 * One audit event per mutation, allowed or refused: who asked, as which
 * account the gateway acted, what was asked of which resources, who was
 * named to pay, the idempotency key, and how it ended. Built from the
 * mutation's arguments and result by a plain function (no I/O), so that what
 * a security team reads is decided in one place.
 */

export type AuditOutcome = "succeeded" | "refused" | "failed";

export interface AuditEvent {
  /** ISO 8601, when the mutation ended. */
  time: string;
  /** The request's correlation id (the same as in its log lines and masked errors). */
  requestId: string;
  /** The principal's id (an API key's name, a JWT's principal claim). */
  principal: string;
  /** The mutation (approveChangeRequest, startProtectedQuery, ...). */
  action: string;
  /** The account whose role made the write; for a refusal, the account asked for, if any. */
  accountId?: string;
  collaborationId?: string;
  changeRequestId?: string;
  membershipId?: string;
  /** A protected query's or job's id. */
  runId?: string;
  /** The payer the caller named (a start; the member a change request makes or stops being a payer candidate), else the one AWS recorded, if the result says. */
  payerAccountId?: string;
  idempotencyKey?: string;
  outcome: AuditOutcome;
  /** The contract's error code, when it did not succeed. */
  errorCode?: string;
  /** Refusals of the same principal's mutations as THROTTLED not recorded one by one since its previous event of that kind (audit/throttled.ts). */
  repeated?: number;
}

/** Codes that mean the gateway (or AWS, for a conflict) refused the request as asked: nothing was changed. */
const REFUSALS: ReadonlySet<string> = new Set(["UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "THROTTLED"]);

type Fields = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const fields = (v: unknown): Fields => (v !== null && typeof v === "object" ? (v as Fields) : {});

/** A run mutation's result carries the run under `protectedQuery` / `protectedJob`, a start's directly. */
const RUN_ACTIONS = /ProtectedQuery|ProtectedJob/;

/**
 * The payer a change request names: the member of its first member change that states a payment configuration
 * (ADD_PAYER_CANDIDATE when it makes the member responsible for a cost, REMOVE_PAYER_CANDIDATE when it stops it).
 */
function payerOfChanges(changes: unknown): string | undefined {
  if (!Array.isArray(changes)) return undefined;
  for (const change of changes) {
    const member = fields(fields(change).member);
    if (member.paymentConfiguration !== undefined && member.paymentConfiguration !== null) return text(member.accountId);
  }
  return undefined;
}

export function auditEvent(e: {
  action: string;
  args: Fields;
  /** The mutation's result when it resolved. */
  result?: unknown;
  /** Its error's contract code when it did not (INTERNAL_SERVER_ERROR for anything unexpected). */
  errorCode?: string;
  principal: string;
  requestId: string;
  /** The accounts whose roles made writes during the mutation. */
  wroteAs: readonly string[];
  time: Date;
}): AuditEvent {
  const input = fields(e.args.input);
  const result = fields(e.result);
  const arg = (name: string) => text(e.args[name]) ?? text(input[name]);
  const isRun = RUN_ACTIONS.test(e.action);
  const event: AuditEvent = {
    time: e.time.toISOString(),
    requestId: e.requestId,
    principal: e.principal,
    action: e.action,
    accountId: e.wroteAs[0] ?? arg("asAccountId"),
    collaborationId: arg("collaborationId") ?? text(result.collaborationId),
    changeRequestId: arg("changeRequestId") ?? (e.action === "createChangeRequest" ? text(result.id) : undefined),
    membershipId: arg("membershipId") ?? text(result.membershipId),
    runId: isRun ? (text(e.args.id) ?? text(result.id)) : undefined,
    payerAccountId:
      arg("payerAccountId") ?? (isRun ? text(result.payerAccountId) : e.action === "createChangeRequest" ? payerOfChanges(input.changes) : undefined),
    idempotencyKey: arg("idempotencyKey"),
    outcome: e.errorCode === undefined ? "succeeded" : REFUSALS.has(e.errorCode) ? "refused" : "failed",
    errorCode: e.errorCode,
  };
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as unknown as AuditEvent;
}
