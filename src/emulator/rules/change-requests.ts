/**
 * Change requests: which change types a change amounts to, who votes, and
 * how a request moves between statuses. Plain functions over records.
 *
 * Readings chosen where AWS is silent:
 * - A MEMBER change names the member's abilities in full (memberAbilities is
 *   required). mlMemberAbilities and paymentConfiguration left out mean
 *   "unchanged"; a paymentConfiguration that is given is the member's whole
 *   configuration, so a cost it leaves out is one the member is not
 *   responsible for (as in CreateCollaboration).
 * - CAN_QUERY and CAN_RUN_JOB cannot be granted or revoked by a change request
 *   (AWS: "currently not supported"): a change whose memberAbilities differ in
 *   them from the member's is refused, so is a new member given them.
 * - An account that is not an invited or active member is added (ADD_MEMBER);
 *   one that has LEFT or was REMOVED cannot be changed or added back (its old
 *   membership would stand in the way).
 * - ADD_MEMBER covers the new member's data and receive-results abilities. The
 *   ML abilities and cost responsibilities it is given add their own GRANT_* /
 *   ADD_PAYER_CANDIDATE types: they cannot be auto-approved, so an auto-approved
 *   ADD_MEMBER cannot hand out model output or a bill.
 * - displayName matters only when adding a member; no change type renames one.
 * - One request changes each account, and the collaboration, at most once.
 * - Voters are the creator (APPROVED at once) and every other ACTIVE member
 *   (PENDING). A request with no one left to vote is APPROVED at creation.
 *   APPROVED once every vote is APPROVED; DENIED as soon as one is DENIED.
 * - Auto-approved (every type in the collaboration's autoApprovedChangeTypes):
 *   COMMITTED at once, every voter APPROVED, the changes take effect at once.
 * - APPROVE/DENY: the creator and accounts outside the approvals map are the
 *   wrong actor (AccessDenied); a request not PENDING, or a vote already
 *   cast, is the wrong state (Conflict INVALID_STATE). CANCEL and COMMIT are
 *   the creator's; CANCEL while PENDING or APPROVED, COMMIT when APPROVED.
 * - COMMIT derives the changes again against the collaboration as it is then;
 *   if they no longer amount to the recorded types (another request changed
 *   the same thing), the commit is refused as INVALID_STATE.
 */
import type {
  ApprovalStatus,
  ChangeRecord,
  ChangeRequestStatus,
  CollaborationRecord,
  MemberAbility,
  MemberRecord,
  MLAbility,
  PaymentConfiguration,
} from "../state";
import { costTypes, isResponsible } from "./payers";

/** The model's ChangeType values, in the model's order (types are listed in it). */
export const changeTypes = [
  "ADD_MEMBER",
  "GRANT_RECEIVE_RESULTS_ABILITY",
  "REVOKE_RECEIVE_RESULTS_ABILITY",
  "EDIT_AUTO_APPROVED_CHANGE_TYPES",
  "ADD_PAYER_CANDIDATE",
  "REMOVE_PAYER_CANDIDATE",
  "GRANT_CAN_RECEIVE_MODEL_OUTPUT",
  "GRANT_CAN_RECEIVE_INFERENCE_OUTPUT",
  "REVOKE_CAN_RECEIVE_MODEL_OUTPUT",
  "REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT",
] as const;
export type ChangeType = (typeof changeTypes)[number];

export interface MemberChangeSpecification {
  accountId: string;
  memberAbilities: MemberAbility[];
  mlMemberAbilities?: { customMLMemberAbilities: MLAbility[] };
  paymentConfiguration?: PaymentConfiguration;
  displayName?: string;
}

export interface ChangeInput {
  specificationType: "MEMBER" | "COLLABORATION";
  specification: { member?: MemberChangeSpecification; collaboration?: { autoApprovedChangeTypes?: string[] } };
}

/** Why a change is refused, naming the input field as a ValidationException does. */
export interface ChangeProblem {
  field: string;
  message: string;
}

export type Derivation = { ok: true; types: ChangeType[][] } | ({ ok: false } & ChangeProblem);

const JOINED: ReadonlySet<string> = new Set(["INVITED", "ACTIVE"]);
const FIXED_ABILITIES: readonly MemberAbility[] = ["CAN_QUERY", "CAN_RUN_JOB"];
const ML_TYPES: readonly [MLAbility, ChangeType, ChangeType][] = [
  ["CAN_RECEIVE_MODEL_OUTPUT", "GRANT_CAN_RECEIVE_MODEL_OUTPUT", "REVOKE_CAN_RECEIVE_MODEL_OUTPUT"],
  ["CAN_RECEIVE_INFERENCE_OUTPUT", "GRANT_CAN_RECEIVE_INFERENCE_OUTPUT", "REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT"],
];
export const NOT_RESPONSIBLE: PaymentConfiguration = { queryCompute: { isResponsible: false } };

const inOrder = (types: Iterable<ChangeType>): ChangeType[] =>
  [...new Set(types)].sort((a, b) => changeTypes.indexOf(a) - changeTypes.indexOf(b));

/** Types for a gained / lost item: `grant` when it is in `after` only, `revoke` when in `before` only. */
function gainOrLoss<T>(before: readonly T[], after: readonly T[], item: T, grant: ChangeType, revoke: ChangeType): ChangeType[] {
  const had = before.includes(item);
  const has = after.includes(item);
  return had === has ? [] : [has ? grant : revoke];
}

function payerTypes(before: PaymentConfiguration, after: PaymentConfiguration): ChangeType[] {
  const types: ChangeType[] = [];
  for (const cost of costTypes) {
    const was = isResponsible(before, cost);
    const is = isResponsible(after, cost);
    if (!was && is) types.push("ADD_PAYER_CANDIDATE");
    if (was && !is) types.push("REMOVE_PAYER_CANDIDATE");
  }
  return types;
}

function memberTypes(c: CollaborationRecord, spec: MemberChangeSpecification, path: string): ChangeType[] | ChangeProblem {
  const existing = c.members.find((m) => m.accountId === spec.accountId);
  if (existing && !JOINED.has(existing.status)) {
    return { field: `${path}.accountId`, message: `account ${spec.accountId} is ${existing.status} and cannot be changed or added back` };
  }
  const before: Pick<MemberRecord, "abilities" | "mlAbilities" | "paymentConfiguration"> = existing ?? {
    abilities: [],
    mlAbilities: [],
    paymentConfiguration: NOT_RESPONSIBLE,
  };
  for (const ability of FIXED_ABILITIES) {
    if (before.abilities.includes(ability) !== spec.memberAbilities.includes(ability)) {
      return { field: `${path}.memberAbilities`, message: `${ability} cannot be granted or revoked through a change request` };
    }
  }
  if (!existing && !spec.displayName) {
    return { field: `${path}.displayName`, message: `a display name is required to add account ${spec.accountId}` };
  }
  const ml = spec.mlMemberAbilities?.customMLMemberAbilities ?? before.mlAbilities;
  const payment = spec.paymentConfiguration ?? before.paymentConfiguration;
  const types: ChangeType[] = [
    ...(existing
      ? gainOrLoss(before.abilities, spec.memberAbilities, "CAN_RECEIVE_RESULTS", "GRANT_RECEIVE_RESULTS_ABILITY", "REVOKE_RECEIVE_RESULTS_ABILITY")
      : ["ADD_MEMBER" as const]),
    ...ML_TYPES.flatMap(([ability, grant, revoke]) => gainOrLoss(before.mlAbilities, ml, ability, grant, revoke)),
    ...payerTypes(before.paymentConfiguration, payment),
  ];
  if (types.length === 0) return { field: path, message: `the change does not change member ${spec.accountId}` };
  return inOrder(types);
}

function collaborationTypes(c: CollaborationRecord, spec: { autoApprovedChangeTypes?: string[] }, path: string): ChangeType[] | ChangeProblem {
  const field = `${path}.autoApprovedChangeTypes`;
  if (!spec.autoApprovedChangeTypes) return { field, message: "the change does not change the collaboration" };
  const wanted = new Set(spec.autoApprovedChangeTypes);
  const current = new Set(c.autoApprovedChangeTypes);
  const same = wanted.size === current.size && [...wanted].every((t) => current.has(t));
  return same ? { field, message: "the collaboration already auto-approves exactly these change types" } : ["EDIT_AUTO_APPROVED_CHANGE_TYPES"];
}

/** The change types one change amounts to against the collaboration as it is. */
export function deriveChangeTypes(c: CollaborationRecord, change: ChangeInput, index: number): ChangeType[] | ChangeProblem {
  const path = `changes[${index}]`;
  const { member, collaboration } = change.specification;
  if (change.specificationType === "MEMBER") {
    if (!member) return { field: `${path}.specificationType`, message: "a MEMBER change needs specification.member" };
    return memberTypes(c, member, `${path}.specification.member`);
  }
  if (!collaboration) return { field: `${path}.specificationType`, message: "a COLLABORATION change needs specification.collaboration" };
  return collaborationTypes(c, collaboration, `${path}.specification.collaboration`);
}

/** The types of every change of a request, or the first problem. */
export function deriveChanges(c: CollaborationRecord, changes: readonly ChangeInput[]): Derivation {
  const targets = new Set<string>();
  const types: ChangeType[][] = [];
  for (const [i, change] of changes.entries()) {
    const derived = deriveChangeTypes(c, change, i);
    if (!Array.isArray(derived)) return { ok: false, ...derived };
    const target = change.specification.member ? `member ${change.specification.member.accountId}` : "the collaboration";
    if (targets.has(target)) {
      const field = change.specification.member ? `changes[${i}].specification.member.accountId` : `changes[${i}].specification.collaboration`;
      return { ok: false, field, message: `another change in this request already changes ${target}` };
    }
    targets.add(target);
    types.push(derived);
  }
  return { ok: true, types };
}

/**
 * The types of a seeded change. A PENDING or APPROVED request must still
 * derive against the seeded collaboration (it can be committed). A settled
 * one (COMMITTED, DENIED, CANCELLED) may have taken effect already, so when it
 * no longer derives it is read on its face: a display name means it added the
 * member, else it granted the abilities and payer role it names.
 */
export function seededChangeTypes(c: CollaborationRecord, status: ChangeRequestStatus, change: ChangeInput, index: number): ChangeType[] {
  const derived = deriveChangeTypes(c, change, index);
  if (Array.isArray(derived)) return derived;
  const stated = status === "PENDING" || status === "APPROVED" ? [] : statedChangeTypes(change);
  if (stated.length === 0) {
    throw new Error(`scenario: ${status} change request in collaboration ${c.id}: ${derived.field}: ${derived.message}`);
  }
  return stated;
}

function statedChangeTypes(change: ChangeInput): ChangeType[] {
  const member = change.specification.member;
  if (!member) return ["EDIT_AUTO_APPROVED_CHANGE_TYPES"];
  const ml = member.mlMemberAbilities?.customMLMemberAbilities ?? [];
  const pays = costTypes.some((cost) => isResponsible(member.paymentConfiguration, cost));
  return inOrder([
    ...(member.displayName ? ["ADD_MEMBER" as const] : []),
    ...(!member.displayName && member.memberAbilities.includes("CAN_RECEIVE_RESULTS") ? ["GRANT_RECEIVE_RESULTS_ABILITY" as const] : []),
    ...ML_TYPES.filter(([ability]) => ml.includes(ability)).map(([, grant]) => grant),
    ...(pays ? ["ADD_PAYER_CANDIDATE" as const] : []),
  ]);
}

/** Whether the collaboration auto-approves every type of the request. */
export function isAutoApproved(c: CollaborationRecord, types: readonly ChangeType[][]): boolean {
  return types.flat().every((t) => c.autoApprovedChangeTypes.includes(t));
}

/** The votes of a new request: the creator APPROVED, every other ACTIVE member PENDING. */
export function initialApprovals(c: CollaborationRecord): Record<string, ApprovalStatus> {
  const approvals: Record<string, ApprovalStatus> = { [c.creatorAccountId]: "APPROVED" };
  for (const m of c.members) {
    if (m.status === "ACTIVE" && m.accountId !== c.creatorAccountId) approvals[m.accountId] = "PENDING";
  }
  return approvals;
}

/** The status the votes add up to. */
export function statusOfVotes(approvals: Record<string, ApprovalStatus>): "PENDING" | "APPROVED" | "DENIED" {
  const votes = Object.values(approvals);
  if (votes.includes("DENIED")) return "DENIED";
  return votes.every((v) => v === "APPROVED") ? "APPROVED" : "PENDING";
}

export type Action = "APPROVE" | "DENY" | "CANCEL" | "COMMIT";

export interface RequestView {
  creatorAccountId: string;
  status: ChangeRequestStatus;
  approvals: Record<string, ApprovalStatus>;
}

export type Transition =
  | { ok: true; status: ChangeRequestStatus; approvals: Record<string, ApprovalStatus> }
  | { ok: false; refusal: "wrong-actor" | "wrong-state"; message: string };

/** What an action by an account does to a request (COMMIT's effect on the collaboration is separate). */
export function transition(request: RequestView, action: Action, accountId: string): Transition {
  const { creatorAccountId, status, approvals } = request;
  if (action === "APPROVE" || action === "DENY") {
    if (accountId === creatorAccountId || !(accountId in approvals)) {
      return { ok: false, refusal: "wrong-actor", message: `Account ${accountId} does not vote on this change request.` };
    }
    if (status !== "PENDING") return { ok: false, refusal: "wrong-state", message: `The change request is ${status}.` };
    if (approvals[accountId] !== "PENDING") {
      return { ok: false, refusal: "wrong-state", message: `Account ${accountId} has already voted ${approvals[accountId]}.` };
    }
    const next = { ...approvals, [accountId]: action === "APPROVE" ? ("APPROVED" as const) : ("DENIED" as const) };
    return { ok: true, status: statusOfVotes(next), approvals: next };
  }
  if (accountId !== creatorAccountId) {
    return { ok: false, refusal: "wrong-actor", message: `Only the collaboration creator can ${action.toLowerCase()} a change request.` };
  }
  const allowed: readonly ChangeRequestStatus[] = action === "CANCEL" ? ["PENDING", "APPROVED"] : ["APPROVED"];
  if (!allowed.includes(status)) return { ok: false, refusal: "wrong-state", message: `A ${status} change request cannot be ${action === "CANCEL" ? "cancelled" : "committed"}.` };
  return { ok: true, status: action === "CANCEL" ? "CANCELLED" : "COMMITTED", approvals: { ...approvals } };
}

/** Every voter APPROVED: the votes of an auto-approved request. */
export const allApproved = (approvals: Record<string, ApprovalStatus>): Record<string, ApprovalStatus> =>
  Object.fromEntries(Object.keys(approvals).map((a) => [a, "APPROVED" as const]));

/**
 * The member a MEMBER change leaves behind: a new INVITED member, or the
 * existing one with the abilities and payment configuration the change names.
 */
export function memberAfter(existing: MemberRecord | undefined, spec: MemberChangeSpecification, now: number): MemberRecord {
  const abilities = [...new Set(spec.memberAbilities)];
  const ml = spec.mlMemberAbilities ? [...new Set(spec.mlMemberAbilities.customMLMemberAbilities)] : undefined;
  const payment = spec.paymentConfiguration ? structuredClone(spec.paymentConfiguration) : undefined;
  if (!existing) {
    return {
      accountId: spec.accountId,
      displayName: spec.displayName!,
      status: "INVITED",
      abilities,
      mlAbilities: ml ?? [],
      paymentConfiguration: payment ?? structuredClone(NOT_RESPONSIBLE),
      createTime: now,
      updateTime: now,
    };
  }
  return {
    ...existing,
    abilities,
    mlAbilities: ml ?? [...existing.mlAbilities],
    paymentConfiguration: payment ?? structuredClone(existing.paymentConfiguration),
    updateTime: now,
  };
}

/** Same types, in the same order, change by change. */
export const sameTypes = (a: readonly ChangeRecord["types"][], b: readonly ChangeType[][]): boolean =>
  a.length === b.length && a.every((t, i) => t.length === b[i].length && t.every((x, j) => x === b[i][j]));
