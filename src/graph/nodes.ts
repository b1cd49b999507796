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
import { GraphQLError } from "graphql";
import { ErrorCode } from "../errors/codes";
import { AccountDown } from "../federation/account-health";
import { NotVisible } from "../federation/account-router";
import { awsPage, listTag, type Connection } from "./common/connection";
import type { GraphContext } from "./context";
import type { PageResult } from "./loaders";

export interface CollaborationNode {
  id: string;
  known: Partial<AwsCollaboration>;
  /** Fields `known` answers for even when absent (see `field`). */
  covers?: readonly (keyof AwsCollaboration)[];
}

export interface MembershipNode {
  id: string;
  accountId: string;
  collaborationId: string;
  known: Partial<AwsMembership>;
  /** Fields `known` answers for even when absent (see `field`). */
  covers?: readonly (keyof AwsMembership)[];
}

/**
 * The collaboration fields ListCollaborations' summary carries. An optional one
 * the summary leaves out (analyticsEngine) is absent from GetCollaboration too.
 */
const COLLABORATION_SUMMARY_FIELDS = [
  "id", "arn", "name", "creatorAccountId", "creatorDisplayName", "createTime", "updateTime", "analyticsEngine",
] as const satisfies readonly (keyof AwsCollaboration)[];

/** The membership fields ListMemberships' summary carries (not the log statuses or result configurations). */
const MEMBERSHIP_SUMMARY_FIELDS = [
  "id", "arn", "collaborationId", "collaborationArn", "collaborationName", "collaborationCreatorAccountId",
  "collaborationCreatorDisplayName", "status", "memberAbilities", "mlMemberAbilities", "paymentConfiguration",
] as const satisfies readonly (keyof AwsMembership)[];

/** The membership fields a collaboration's member summary tells of its membership. */
const MEMBERSHIP_FROM_MEMBER_FIELDS = [
  "id", "arn", "collaborationId", "status", "memberAbilities", "mlMemberAbilities", "paymentConfiguration",
] as const satisfies readonly (keyof AwsMembership)[];

/** What a membership says of its collaboration: collaboration field → membership field. */
const COLLABORATION_FROM_MEMBERSHIP = [
  ["id", "collaborationId"],
  ["arn", "collaborationArn"],
  ["name", "collaborationName"],
  ["creatorAccountId", "collaborationCreatorAccountId"],
  ["creatorDisplayName", "collaborationCreatorDisplayName"],
] as const satisfies readonly (readonly [keyof AwsCollaboration, keyof AwsMembership])[];

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
  /** The membership's ARN, which names the run's region (summaries and full runs carry it). */
  membershipArn?: string;
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
  covers: COLLABORATION_SUMMARY_FIELDS,
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
  covers: MEMBERSHIP_SUMMARY_FIELDS,
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
  covers: MEMBERSHIP_FROM_MEMBER_FIELDS,
});

const receiversOf = (configs: AwsProtectedQuerySummary["receiverConfigurations"]): string[] =>
  (configs ?? []).flatMap((c) => c.configurationDetails?.directAnalysisConfigurationDetails?.receiverAccountIds ?? []);

/** Where a run says who pays for it: a query's or a job's compute. */
export type RunPayerField = "queryComputePayerAccountId" | "jobComputePayerAccountId";

type RunFields = { id?: string; membershipId?: string; membershipArn?: string; status?: string; createTime?: Date } & { [F in RunPayerField]?: string };

const runNode = (r: RunFields, payer: RunPayerField, collaborationId: string | undefined) => ({
  id: r.id!, membershipId: r.membershipId!, membershipArn: r.membershipArn, collaborationId, status: r.status!, createTime: r.createTime!, payerAccountId: r[payer],
});

/** The region an ARN names (`arn:aws:cleanrooms:<region>:<account>:…`): where a Clean Rooms resource lives. */
export const regionOfArn = (arn: string | undefined): string | undefined => arn?.split(":")[3] || undefined;

export const runFromSummary = <Full>(payer: RunPayerField, s: AwsProtectedQuerySummary | AwsProtectedJobSummary, collaborationId?: string): RunNode<Full> => ({
  ...runNode(s, payer, collaborationId),
  receiverAccountIds: receiversOf(s.receiverConfigurations),
});

export const runFromFull = <Full extends RunFields>(payer: RunPayerField, full: Full, collaborationId?: string): RunNode<Full> => ({
  ...runNode(full, payer, collaborationId),
  full,
});

export const queryFromSummary = (s: AwsProtectedQuerySummary, collaborationId?: string): QueryNode => runFromSummary("queryComputePayerAccountId", s, collaborationId);
export const jobFromSummary = (s: AwsProtectedJobSummary, collaborationId?: string): JobNode => runFromSummary("jobComputePayerAccountId", s, collaborationId);

export const changeRequestNode = (r: AwsChangeRequestSummary) => r;

/** The collaboration as its membership describes it (fields the membership's own source covers). */
export function collaborationOfMembership(m: MembershipNode): CollaborationNode {
  const known: Partial<AwsCollaboration> = { id: m.collaborationId };
  const covers: (keyof AwsCollaboration)[] = ["id"];
  for (const [c, f] of COLLABORATION_FROM_MEMBERSHIP) {
    const value = m.known[f];
    if (value !== undefined || m.covers?.includes(f)) {
      (known as Record<string, unknown>)[c] = value;
      covers.push(c);
    }
  }
  return { id: m.collaborationId, known, covers };
}

/**
 * Known fields first; the resource is loaded (once per request) only for the
 * others. A field the node's source covers is answered from it even when
 * absent: AWS leaves an unset optional field out of the full resource as well,
 * so loading it would cost a call per node to learn nothing.
 */
export async function field<N extends { known: object; covers?: readonly PropertyKey[] }, F extends object, K extends keyof F>(
  node: N,
  name: K,
  load: () => Promise<F>,
): Promise<F[K]> {
  const known = (node.known as Partial<F>)[name];
  if (known !== undefined || node.covers?.includes(name)) return known as F[K];
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

/**
 * A connection over a list that pages in AWS (common/connection.ts awsPage):
 * `first` and `after` checked, every edge with its own cursor, the AWS pages
 * read through the per-request loaders (a page this operation read already
 * costs nothing), a part behind a down account left out. `list` names the
 * list (operation, parent, filters) so that a cursor of another list is
 * refused. A cursor of another list is the caller's to fix, said in the
 * contract's words (AWS's would name the nextToken the caller never saw).
 */
export async function awsConnection<S, N>(
  args: { first?: number | null; after?: string | null; list: readonly unknown[] },
  load: (page: { maxResults: number; nextToken?: string }) => Promise<PageResult<S>>,
  toNode: (summary: S) => N,
): Promise<Connection<N>> {
  try {
    return await awsPage(listTag(args.list), args, (page) => orMissing(load(page), { items: [] }), toNode);
  } catch (e) {
    if (args.after && e instanceof GraphQLError && e.extensions.code === ErrorCode.BAD_USER_INPUT && /nextToken/i.test(e.message)) {
      throw new GraphQLError("after is not a cursor of this list; pass the cursor of an edge or pageInfo.endCursor of the same list", {
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: "after" },
      });
    }
    throw e;
  }
}

/** A lookup by id: what no caller account sees, what sits behind a down account, and what AWS does not know all answer null. */
export async function orAbsent<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await orMissing<T | null>(work, null);
  } catch (e) {
    if (e instanceof GraphQLError && e.extensions.code === ErrorCode.NOT_FOUND) return null;
    throw e;
  }
}

/**
 * The collaboration's members, keyed by account (one ListMembers per collaboration per request). Built once per
 * member list read, not per field: a dashboard asks thousands of times (payers, receivers, approvals). Read-only.
 */
export async function membersOf(ctx: GraphContext, collaborationId: string): Promise<ReadonlyMap<string, MemberNode>> {
  const members = await orMissing(ctx.loaders.members.load(collaborationId), []);
  let byAccount = memberMaps.get(members);
  if (!byAccount) {
    byAccount = new Map(members.map((m) => [m.accountId!, { ...m, collaborationId }]));
    memberMaps.set(members, byAccount);
  }
  return byAccount;
}

const memberMaps = new WeakMap<readonly AwsMemberSummary[], ReadonlyMap<string, MemberNode>>();
