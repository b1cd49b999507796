/**
 * CreateCollaborationChangeRequest, ListCollaborationChangeRequests (oldest
 * first), GetCollaborationChangeRequest, UpdateCollaborationChangeRequest.
 * The rules (types, votes, statuses) are in rules/change-requests.ts.
 */
import { accessDenied, conflict, invalidField, notFound } from "../errors";
import {
  allApproved,
  deriveChanges,
  initialApprovals,
  isAutoApproved,
  memberAfter,
  sameTypes,
  transition,
  type Action,
  type ChangeInput,
} from "../rules/change-requests";
import { creatorPaymentProblem } from "../rules/creator-payments";
import type { ChangeRecord, ChangeRequestRecord, ChangeRequestStatus, CollaborationRecord } from "../state";
import { memberCollaboration } from "./access";
import { secs, type CallContext, type Handler } from "./context";

function body(r: ChangeRequestRecord) {
  return {
    id: r.id,
    collaborationId: r.collaborationId,
    createTime: secs(r.createTime),
    updateTime: secs(r.updateTime),
    status: r.status,
    isAutoApproved: r.isAutoApproved,
    changes: r.changes.map((ch) => structuredClone(ch)),
    approvals: Object.fromEntries(Object.entries(r.approvals).map(([accountId, status]) => [accountId, { status }])),
  };
}

/** A change request of a collaboration the caller belongs to. */
function findRequest(ctx: CallContext, collaborationId: string, id: string): { c: CollaborationRecord; r: ChangeRequestRecord } {
  const c = memberCollaboration(ctx, collaborationId);
  const r = ctx.state.changeRequests.get(id);
  if (!r || r.collaborationId !== c.id) throw notFound("COLLABORATION", id, `Change request ${id} not found in collaboration ${c.id}.`);
  return { c, r };
}

/** Puts the changes into effect; they were derived against the collaboration just before. */
function applyChanges(ctx: CallContext, c: CollaborationRecord, changes: readonly ChangeInput[], now: number): void {
  for (const change of changes) {
    const spec = change.specification.member;
    if (!spec) {
      c.autoApprovedChangeTypes = [...new Set(change.specification.collaboration!.autoApprovedChangeTypes!)];
      continue;
    }
    const index = c.members.findIndex((m) => m.accountId === spec.accountId);
    const after = memberAfter(index >= 0 ? c.members[index] : undefined, spec, now);
    if (index >= 0) c.members[index] = after;
    else c.members.push(after);
    // The membership mirrors what the collaboration makes its member responsible for.
    const membership = ctx.state.membershipOf(c.id, spec.accountId);
    if (membership && spec.paymentConfiguration) {
      membership.paymentConfiguration = structuredClone(after.paymentConfiguration);
      membership.updateTime = now;
    }
  }
  c.updateTime = now;
}

export const createChangeRequest: Handler = (ctx, input: { collaborationIdentifier: string; changes: ChangeInput[] }) => {
  const c = memberCollaboration(ctx, input.collaborationIdentifier);
  if (ctx.caller.accountId !== c.creatorAccountId) {
    throw accessDenied(`Only the creator of collaboration ${c.id} can submit change requests.`);
  }
  const derived = deriveChanges(c, input.changes);
  if (!derived.ok) throw invalidField(derived.field, derived.message);
  // The creator sets these payment configurations too (rules/creator-payments.ts).
  const payment = input.changes
    .map((ch, i) => {
      const member = ch.specification.member;
      return member && creatorPaymentProblem(member.memberAbilities, member.paymentConfiguration, `changes[${i}].specification.member.paymentConfiguration`);
    })
    .find((p) => p);
  if (payment) throw invalidField(payment.name, payment.message);
  const now = ctx.clock.now();
  const auto = isAutoApproved(c, derived.types);
  const approvals = initialApprovals(c);
  const pending = Object.values(approvals).includes("PENDING");
  const record: ChangeRequestRecord = {
    id: ctx.newId(),
    collaborationId: c.id,
    creatorAccountId: c.creatorAccountId,
    createTime: now,
    updateTime: now,
    status: auto ? "COMMITTED" : pending ? "PENDING" : "APPROVED",
    isAutoApproved: auto,
    changes: input.changes.map((ch, i) => ({ ...(structuredClone(ch) as Omit<ChangeRecord, "types">), types: derived.types[i] })),
    approvals: auto ? allApproved(approvals) : approvals,
  };
  if (auto) applyChanges(ctx, c, input.changes, now);
  ctx.state.changeRequests.set(record.id, record);
  return { collaborationChangeRequest: body(record) };
};

export const listChangeRequests: Handler = (
  ctx,
  input: { collaborationIdentifier: string; status?: ChangeRequestStatus; nextToken?: string; maxResults?: number },
) => {
  const c = memberCollaboration(ctx, input.collaborationIdentifier);
  const requests = [...ctx.state.changeRequests.values()].filter((r) => r.collaborationId === c.id && (!input.status || r.status === input.status));
  const listKey = `ListCollaborationChangeRequests/${c.id}/${input.status ?? ""}`;
  const { page, nextToken } = ctx.state.pages.page(requests, input, listKey, (r) => ({ key: r.createTime, id: r.id }), "ascending");
  return { collaborationChangeRequestSummaries: page.map(body), ...(nextToken ? { nextToken } : {}) };
};

export const getChangeRequest: Handler = (ctx, input: { collaborationIdentifier: string; changeRequestIdentifier: string }) => ({
  collaborationChangeRequest: body(findRequest(ctx, input.collaborationIdentifier, input.changeRequestIdentifier).r),
});

export const updateChangeRequest: Handler = (
  ctx,
  input: { collaborationIdentifier: string; changeRequestIdentifier: string; action: Action },
) => {
  const { c, r } = findRequest(ctx, input.collaborationIdentifier, input.changeRequestIdentifier);
  const next = transition(r, input.action, ctx.caller.accountId);
  if (!next.ok) {
    if (next.refusal === "wrong-actor") throw accessDenied(next.message);
    throw conflict(next.message, "INVALID_STATE", { resourceId: r.id, resourceType: "COLLABORATION" });
  }
  const changes = r.changes as unknown as ChangeInput[];
  if (input.action === "COMMIT") {
    const current = deriveChanges(c, changes);
    if (!current.ok || !sameTypes(r.changes.map((ch) => ch.types), current.types)) {
      throw conflict(`The collaboration has changed since change request ${r.id} was made; it can no longer be committed.`, "INVALID_STATE", {
        resourceId: r.id,
        resourceType: "COLLABORATION",
      });
    }
  }
  // Everything is checked: now apply.
  const now = ctx.clock.now();
  if (input.action === "COMMIT") applyChanges(ctx, c, changes, now);
  r.status = next.status;
  r.approvals = next.approvals;
  r.updateTime = now;
  return { collaborationChangeRequest: body(r) };
};
