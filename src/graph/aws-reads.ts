/**
 * Which AWS calls each field of the graph can cause, as data: what the
 * static AWS-call estimate (server/limits/aws-call-estimate.ts) multiplies
 * out before an operation runs. It mirrors the resolvers and loaders of this
 * folder; test/server/aws-call-estimate.test.ts runs every field against the
 * emulator and holds the estimate above the calls really made, so a resolver
 * that starts reading more cannot hide from it.
 *
 * Reads are keyed as the per-request loaders key them: a read `per` a
 * collaboration is made once per distinct collaboration in the operation
 * (the members list, whichever field asks), a `list` read once per distinct
 * argument set (aliases with the same arguments share it), `each` once per
 * field executed (writes: never shared).
 */
import type { CleanRoomsOperation } from "../aws/cleanrooms-api";
import type { GraphContext } from "./context";

/** The most regions the caller reads any of its accounts in: what an account's own lists are multiplied by (the estimate's `regions`). */
export const regionsPerAccount = (ctx: Pick<GraphContext, "accounts" | "router">): number =>
  Math.max(1, ...ctx.accounts.map((a) => ctx.router.regionsOf(a.accountId).length));

/** The identities reads are keyed by; an object type belongs to some of them (`TYPE_SCOPES`). */
export type Scope = "account" | "collaboration" | "membership" | "run" | "changeRequest";

export interface AwsRead {
  /** "Get*": whichever Get the item's type needs (a global id names any type). */
  op: CleanRoomsOperation | "Get*";
  /**
   * - a Scope: once per distinct such identity among the parents;
   * - "item": once per item the field returns (a lookup by id at the root, each id of nodes(ids:));
   * - "accounts": once per account the caller may read, at most once per operation (the account router's lists).
   */
  per: Scope | "item" | "accounts";
  /** The field's arguments key the read (filters, page size, cursor). */
  list?: true;
  /** Never shared: made again each time the field is executed (a write, and what a mutation reads for it). */
  each?: true;
  /** Reads per key when one key stands for many (every collaboration an account sees: up to a page of them). */
  times?: number;
}

export interface FieldReads {
  reads?: readonly AwsRead[];
  /** How many items a list field (not a connection: its `first` says) returns per parent. */
  items?: number | "accounts" | "ids";
  /** The child's fields the parent already knows (no Get*); "all" when the field loaded the whole resource. */
  known?: readonly string[] | "all";
}

/** AWS's quota of members per collaboration: the most members, approvals, receivers or payers a list can hold. */
export const MEMBERS_PER_COLLABORATION = 10;

/** AWS's default quota of memberships per account and region: the most collaborations an account is ACTIVE in there. */
export const MEMBERSHIPS_PER_ACCOUNT = 100;

export const TYPE_SCOPES: Readonly<Record<string, readonly Scope[]>> = {
  Account: ["account"],
  Collaboration: ["collaboration"],
  Membership: ["membership", "collaboration", "account"],
  Member: ["collaboration"],
  ChangeRequest: ["changeRequest", "collaboration"],
  ProtectedQuery: ["run", "membership", "collaboration", "account"],
  ProtectedJob: ["run", "membership", "collaboration", "account"],
  PendingApproval: ["changeRequest", "collaboration"],
  ProtectedRun: ["run", "membership", "collaboration", "account"],
};

/** Fields only the whole resource tells (AWS Get*), per type: one Get per resource unless the parent knows the field. */
export const WHOLE_RESOURCE: Readonly<Record<string, { read: AwsRead; fields: readonly string[] }>> = {
  Collaboration: {
    read: { op: "GetCollaboration", per: "collaboration" },
    // region: from the ARN.
    fields: ["arn", "region", "name", "description", "creatorAccountId", "creatorDisplayName", "createTime", "updateTime", "analyticsEngine", "autoApprovedChangeTypes", "creator"],
  },
  Membership: {
    read: { op: "GetMembership", per: "membership" },
    fields: ["arn", "region", "status", "memberAbilities", "mlMemberAbilities", "paymentConfiguration", "queryLogStatus", "jobLogStatus"],
  },
  ProtectedQuery: {
    read: { op: "GetProtectedQuery", per: "run" },
    fields: ["sqlParameters", "computeConfiguration", "statistics", "result", "error", "receivers"],
  },
  ProtectedJob: {
    read: { op: "GetProtectedJob", per: "run" },
    fields: ["jobParameters", "computeConfiguration", "statistics", "result", "error", "receivers"],
  },
};

// The account router's lists: which account reads a collaboration, which holds a membership (each account once per operation).
const COLLABORATION_LISTS: AwsRead = { op: "ListCollaborations", per: "accounts" };
const MEMBERSHIP_LISTS: AwsRead = { op: "ListMemberships", per: "accounts" };
const MEMBERS: readonly AwsRead[] = [{ op: "ListMembers", per: "collaboration" }, COLLABORATION_LISTS];
const RUN_MEMBERS: readonly AwsRead[] = [...MEMBERS, MEMBERSHIP_LISTS];

/** What ListMemberships / ListCollaborations / a member summary tell without a Get*. */
const MEMBERSHIP_SUMMARY = ["arn", "region", "status", "memberAbilities", "mlMemberAbilities", "paymentConfiguration"];
const COLLABORATION_SUMMARY = ["arn", "region", "name", "creatorAccountId", "creatorDisplayName", "createTime", "updateTime", "analyticsEngine", "creator"];
const COLLABORATION_FROM_MEMBERSHIP = ["arn", "region", "name", "creatorAccountId", "creatorDisplayName", "creator"];
const RUN_SUMMARY = ["receivers"];
/** The run lists of a collaboration's federated memberships (Collaboration.runs, Collaboration.spend). */
const RUN_LISTS: readonly AwsRead[] = [
  { op: "ListProtectedQueries", per: "collaboration", list: true },
  { op: "ListProtectedJobs", per: "collaboration", list: true },
  { op: "ListProtectedQueries", per: "accounts" },
  { op: "ListProtectedJobs", per: "accounts" },
];

/** A mutation: the reads that find who acts and check the request (at most these), then its one write. */
const mutation = (write: CleanRoomsOperation, ...reads: CleanRoomsOperation[]): FieldReads => ({
  reads: [COLLABORATION_LISTS, MEMBERSHIP_LISTS, ...[...reads, write].map((op): AwsRead => ({ op, per: "item", each: true }))],
  known: "all",
});

export const FIELD_READS: Readonly<Record<string, FieldReads>> = {
  "Query.accounts": { items: "accounts" },
  "Query.account": {},
  "Query.collaborations": { reads: [COLLABORATION_LISTS], known: COLLABORATION_SUMMARY },
  "Query.collaboration": { reads: [COLLABORATION_LISTS, { op: "GetCollaboration", per: "item" }], known: "all" },
  "Query.membership": { reads: [MEMBERSHIP_LISTS], known: MEMBERSHIP_SUMMARY },
  "Query.changeRequest": { reads: [COLLABORATION_LISTS, { op: "GetCollaborationChangeRequest", per: "item" }] },
  "Query.protectedQuery": { reads: [MEMBERSHIP_LISTS, { op: "GetProtectedQuery", per: "item" }], known: "all" },
  "Query.protectedJob": { reads: [MEMBERSHIP_LISTS, { op: "GetProtectedJob", per: "item" }], known: "all" },
  // A global id names its resource: one Get* (or a list the router reads anyway) per id.
  "Query.node": { reads: [COLLABORATION_LISTS, MEMBERSHIP_LISTS, { op: "Get*", per: "item" }] },
  "Query.nodes": { reads: [COLLABORATION_LISTS, MEMBERSHIP_LISTS, { op: "Get*", per: "item" }], items: "ids" },

  "Account.status": { reads: [MEMBERSHIP_LISTS] },
  "Account.memberships": { reads: [{ op: "ListMemberships", per: "account", list: true }], known: MEMBERSHIP_SUMMARY },

  "Membership.collaboration": { known: COLLABORATION_FROM_MEMBERSHIP },
  "Membership.protectedQueries": { reads: [{ op: "ListProtectedQueries", per: "membership", list: true }], known: RUN_SUMMARY },
  "Membership.protectedJobs": { reads: [{ op: "ListProtectedJobs", per: "membership", list: true }], known: RUN_SUMMARY },

  "Collaboration.creator": { reads: MEMBERS },
  "Collaboration.members": { reads: MEMBERS, items: MEMBERS_PER_COLLABORATION },
  "Collaboration.memberships": { reads: MEMBERS, items: MEMBERS_PER_COLLABORATION, known: MEMBERSHIP_SUMMARY },
  "Collaboration.payerCandidates": { reads: MEMBERS, items: MEMBERS_PER_COLLABORATION },
  "Collaboration.defaultPayer": { reads: MEMBERS },
  "Collaboration.changeRequests": { reads: [{ op: "ListCollaborationChangeRequests", per: "collaboration", list: true }, COLLABORATION_LISTS] },

  "Member.membership": { known: MEMBERSHIP_SUMMARY },
  "ChangeRequest.approvals": { items: MEMBERS_PER_COLLABORATION },
  "ChangeRequest.changes": { items: MEMBERS_PER_COLLABORATION },
  "Approval.member": { reads: MEMBERS },
  "MemberChangeSpecification.member": { reads: MEMBERS },

  "ProtectedQuery.membership": { reads: [MEMBERSHIP_LISTS] },
  "ProtectedQuery.payer": { reads: RUN_MEMBERS },
  "ProtectedQuery.receivers": { reads: RUN_MEMBERS, items: MEMBERS_PER_COLLABORATION },
  "ProtectedQuery.result": { reads: [MEMBERSHIP_LISTS] },
  "ProtectedQueryOutput.memberList": { reads: MEMBERS, items: MEMBERS_PER_COLLABORATION },
  "ProtectedJob.membership": { reads: [MEMBERSHIP_LISTS] },
  "ProtectedJob.payer": { reads: RUN_MEMBERS },
  "ProtectedJob.receivers": { reads: RUN_MEMBERS, items: MEMBERS_PER_COLLABORATION },
  "ProtectedJob.result": { reads: [MEMBERSHIP_LISTS] },
  "ProtectedJobOutput.memberList": { reads: MEMBERS, items: MEMBERS_PER_COLLABORATION },

  "Mutation.createChangeRequest": mutation("CreateCollaborationChangeRequest", "GetCollaboration", "ListMembers"),
  "Mutation.approveChangeRequest": mutation("UpdateCollaborationChangeRequest", "GetCollaborationChangeRequest", "ListMembers"),
  "Mutation.denyChangeRequest": mutation("UpdateCollaborationChangeRequest", "GetCollaborationChangeRequest", "ListMembers"),
  "Mutation.commitChangeRequest": mutation("UpdateCollaborationChangeRequest", "GetCollaborationChangeRequest", "GetCollaboration"),
  "Mutation.cancelChangeRequest": mutation("UpdateCollaborationChangeRequest", "GetCollaborationChangeRequest", "GetCollaboration"),
  "Mutation.startProtectedQuery": mutation("StartProtectedQuery", "ListMembers"),
  "Mutation.startProtectedJob": mutation("StartProtectedJob", "ListMembers"),
  "Mutation.cancelProtectedQuery": mutation("UpdateProtectedQuery", "GetProtectedQuery"),
  "Mutation.cancelProtectedJob": mutation("UpdateProtectedJob", "GetProtectedJob"),
  "Mutation.updateMembershipPaymentConfiguration": mutation("UpdateMembership", "GetMembership"),

  // A subscription finds its route once (the watcher's polls are the watch's, budgeted per account); each event
  // then resolves its fields with the state the watcher read.
  // Issue 17. The inbox: each voting account's collaboration list (in each of its regions), then one PENDING list (one
  // AWS page) per distinct collaboration in which a voting account is ACTIVE, read through that ACTIVE voter. Before
  // execution only the number of accounts and regions is known; an account is ACTIVE in at most
  // MEMBERSHIPS_PER_ACCOUNT collaborations per region (one membership each), so that many lists per account and region.
  "Query.pendingApprovals": {
    reads: [COLLABORATION_LISTS, { op: "ListCollaborationChangeRequests", per: "accounts", times: MEMBERSHIPS_PER_ACCOUNT }],
  },
  "PendingApproval.voters": { reads: MEMBERS, items: MEMBERS_PER_COLLABORATION },
  "PendingApproval.requester": { reads: MEMBERS },
  "PendingApproval.memberChanges": { reads: MEMBERS, items: MEMBERS_PER_COLLABORATION },
  "MemberChangeSummary.member": { reads: MEMBERS },
  // Runs merged across kinds (and memberships): each list read as far as the page needs (one AWS page for a first page).
  // A collaboration's runs are its federated memberships' lists: at most one membership per account, so per account
  // one list of each kind per collaboration (exact per account). In total, a collaboration has up to one list per
  // account: the `accounts` terms add that for one collaboration (the table cannot multiply collaborations by accounts).
  "Membership.runs": { reads: [{ op: "ListProtectedQueries", per: "membership", list: true }, { op: "ListProtectedJobs", per: "membership", list: true }], known: RUN_SUMMARY },
  "Collaboration.runs": {
    reads: [...RUN_MEMBERS, ...RUN_LISTS],
    known: RUN_SUMMARY,
  },
  // Spend: the runs as above, then one Get per finished run in the window whose statistics the process has not kept yet
  // (only the whole run has them; loaders.ts listedRunStatistics): at most a full page of runs of each kind per
  // collaboration, none when every one is kept.
  "Collaboration.spend": {
    reads: [
      ...RUN_MEMBERS,
      ...RUN_LISTS,
      { op: "GetProtectedQuery", per: "item" },
      { op: "GetProtectedJob", per: "item" },
    ],
    items: 100,
  },
  "SpendGroup.payer": { reads: MEMBERS },
  // The run interface's fields, selected without a fragment: as each kind's own.
  "ProtectedRun.membership": { reads: [MEMBERSHIP_LISTS] },
  "ProtectedRun.payer": { reads: RUN_MEMBERS },
  "Subscription.runStatusChanged": { reads: [COLLABORATION_LISTS, MEMBERSHIP_LISTS, { op: "ListMembers", per: "item" }], known: RUN_SUMMARY },
  "Subscription.changeRequestStatusChanged": { reads: [COLLABORATION_LISTS] },
  "Subscription.protectedQueryStatusChanged": { reads: [MEMBERSHIP_LISTS], known: "all" },
  "Subscription.protectedJobStatusChanged": { reads: [MEMBERSHIP_LISTS], known: "all" },
};
