/**
 * Who may touch what. A collaboration is visible to its members (invited or
 * active); a membership, and the runs under it, only to the account that
 * holds it. These are the checks that make a gateway routing mistake fail.
 */
import { accessDenied, notFound } from "../errors";
import type { CollaborationRecord, MemberRecord, MembershipRecord } from "../state";
import type { CallContext } from "./context";

const VISIBLE: ReadonlySet<string> = new Set(["INVITED", "ACTIVE"]);

/** The caller's member record in a collaboration, if it is an invited or active member. */
export function callerMember(ctx: CallContext, c: CollaborationRecord): MemberRecord | undefined {
  return c.members.find((m) => m.accountId === ctx.caller.accountId && VISIBLE.has(m.status));
}

/**
 * A collaboration the caller belongs to. Unknown ids answer
 * ResourceNotFoundException where the operation declares it, else
 * AccessDeniedException, as does a collaboration the caller is not in.
 */
export function memberCollaboration(ctx: CallContext, id: string, unknown: "not-found" | "denied" = "not-found"): CollaborationRecord {
  const c = ctx.state.collaborations.get(id);
  if (!c) {
    if (unknown === "denied") throw accessDenied(`Account ${ctx.caller.accountId} is not a member of collaboration ${id}.`);
    throw notFound("COLLABORATION", id, `Collaboration ${id} not found.`);
  }
  if (!callerMember(ctx, c)) throw accessDenied(`Account ${ctx.caller.accountId} is not a member of collaboration ${id}.`);
  return c;
}

/** A membership the caller's account holds; anyone else's is not found, as AWS scopes memberships to their account. */
export function ownMembership(ctx: CallContext, id: string): MembershipRecord {
  const m = ctx.state.memberships.get(id);
  if (!m || m.accountId !== ctx.caller.accountId) throw notFound("MEMBERSHIP", id, `Membership ${id} not found.`);
  return m;
}

/** An active membership of the caller, with its collaboration and the caller's member record. */
export function activeMembership(ctx: CallContext, id: string): { membership: MembershipRecord; collaboration: CollaborationRecord; member: MemberRecord } {
  const membership = ownMembership(ctx, id);
  const collaboration = ctx.state.collaborations.get(membership.collaborationId)!;
  const member = collaboration.members.find((m) => m.accountId === membership.accountId);
  if (membership.status !== "ACTIVE" || !member || member.status !== "ACTIVE") {
    throw accessDenied(`Membership ${id} is not active.`);
  }
  return { membership, collaboration, member };
}
