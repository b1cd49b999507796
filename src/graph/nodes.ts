/**
 * What resolvers pass to each other: a resource's id with what is already
 * known of it (from a list summary or a parent), so that a field the known
 * data covers costs no call and any other field loads the resource once.
 */
import type {
  AwsChangeRequestSummary,
  AwsCollaboration,
  AwsMemberSummary,
  AwsMembership,
  AwsMembershipSummary,
  AwsCollaborationSummary,
  AwsProtectedJob,
  AwsProtectedJobSummary,
  AwsProtectedQuery,
  AwsProtectedQuerySummary,
} from "../aws/cleanrooms-api";
import { AccountDown } from "../federation/account-health";
import type { GraphContext } from "./context";
import { NotVisible } from "./loaders";

export interface CollaborationNode {
  id: string;
  known: Partial<AwsCollaboration>;
}

export interface MembershipNode {
  id: string;
  accountId: string;
  collaborationId: string;
  known: Partial<AwsMembership>;
}

export interface MemberNode extends AwsMemberSummary {
  collaborationId: string;
}

/** A protected query or job: what a list summary says, and the full resource once loaded. */
export interface RunNode<Full> {
  id: string;
  membershipId: string;
  collaborationId?: string;
  status: string;
  createTime: Date;
  payerAccountId?: string;
  /** Known from a summary's receiver configurations; else derived from the full run. */
  receiverAccountIds?: string[];
  full?: Full;
}

export type QueryNode = RunNode<AwsProtectedQuery>;
export type JobNode = RunNode<AwsProtectedJob>;

export const collaborationFromSummary = (s: AwsCollaborationSummary): CollaborationNode => ({
  id: s.id!,
  // memberStatus / membershipId are the reading account's, not the collaboration's.
  known: { id: s.id, arn: s.arn, name: s.name, creatorAccountId: s.creatorAccountId, creatorDisplayName: s.creatorDisplayName, createTime: s.createTime, updateTime: s.updateTime, analyticsEngine: s.analyticsEngine },
});

export const membershipFromSummary = (accountId: string, s: AwsMembershipSummary): MembershipNode => ({
  id: s.id!,
  accountId,
  collaborationId: s.collaborationId!,
  known: {
    id: s.id, arn: s.arn, collaborationId: s.collaborationId, collaborationArn: s.collaborationArn, collaborationName: s.collaborationName,
    collaborationCreatorAccountId: s.collaborationCreatorAccountId, collaborationCreatorDisplayName: s.collaborationCreatorDisplayName,
    status: s.status, memberAbilities: s.memberAbilities, mlMemberAbilities: s.mlMemberAbilities, paymentConfiguration: s.paymentConfiguration,
  },
});

/** A federated member's membership, from the member list alone (a member with a membership is an active one). */
export const membershipFromMember = (m: MemberNode): MembershipNode => ({
  id: m.membershipId!,
  accountId: m.accountId!,
  collaborationId: m.collaborationId,
  known: {
    id: m.membershipId, arn: m.membershipArn, collaborationId: m.collaborationId, status: "ACTIVE",
    memberAbilities: m.abilities, mlMemberAbilities: m.mlAbilities, paymentConfiguration: m.paymentConfiguration,
  },
});

const receiversOf = (configs: AwsProtectedQuerySummary["receiverConfigurations"]): string[] =>
  (configs ?? []).flatMap((c) => c.configurationDetails?.directAnalysisConfigurationDetails?.receiverAccountIds ?? []);

export const queryFromSummary = (s: AwsProtectedQuerySummary, collaborationId?: string): QueryNode => ({
  id: s.id!, membershipId: s.membershipId!, collaborationId, status: s.status!, createTime: s.createTime!,
  payerAccountId: s.queryComputePayerAccountId, receiverAccountIds: receiversOf(s.receiverConfigurations),
});

export const jobFromSummary = (s: AwsProtectedJobSummary, collaborationId?: string): JobNode => ({
  id: s.id!, membershipId: s.membershipId!, collaborationId, status: s.status!, createTime: s.createTime!,
  payerAccountId: s.jobComputePayerAccountId, receiverAccountIds: receiversOf(s.receiverConfigurations),
});

export const queryFromFull = (q: AwsProtectedQuery, collaborationId?: string): QueryNode => ({
  id: q.id!, membershipId: q.membershipId!, collaborationId, status: q.status!, createTime: q.createTime!, payerAccountId: q.queryComputePayerAccountId, full: q,
});

export const jobFromFull = (j: AwsProtectedJob, collaborationId?: string): JobNode => ({
  id: j.id!, membershipId: j.membershipId!, collaborationId, status: j.status!, createTime: j.createTime!, payerAccountId: j.jobComputePayerAccountId, full: j,
});

export const changeRequestNode = (r: AwsChangeRequestSummary) => r;

/** Known fields first; the resource is loaded (once per request) only for the others. */
export async function field<N extends { known: object }, F extends object, K extends keyof F>(
  node: N,
  name: K,
  load: () => Promise<F>,
): Promise<F[K]> {
  const known = (node.known as Partial<F>)[name];
  if (known !== undefined) return known as F[K];
  return (await load())[name];
}

/** A part of the graph that lives behind an account that is down, or that no caller account sees, is left out. */
export async function orMissing<T>(work: Promise<T>, missing: T): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof AccountDown || e instanceof NotVisible) return missing;
    throw e;
  }
}

/** The collaboration's members, keyed by account (one ListMembers per collaboration per request). */
export async function membersOf(ctx: GraphContext, collaborationId: string): Promise<Map<string, MemberNode>> {
  const members = await orMissing(ctx.loaders.members.load(collaborationId), []);
  return new Map(members.map((m) => [m.accountId!, { ...m, collaborationId }]));
}
