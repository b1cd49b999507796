/**
 * The Clean Rooms operations the gateway uses, as plain async methods on an
 * account, each declaring its operation (and so whether it reads or writes).
 * The rest of the gateway calls these with its own plain inputs (and imports
 * the types re-exported here), never the SDK itself.
 */
import {
  CreateCollaborationChangeRequestCommand,
  GetCollaborationChangeRequestCommand,
  GetCollaborationCommand,
  GetMembershipCommand,
  GetProtectedJobCommand,
  GetProtectedQueryCommand,
  ListCollaborationChangeRequestsCommand,
  ListCollaborationsCommand,
  ListMembersCommand,
  ListMembershipsCommand,
  ListProtectedJobsCommand,
  ListProtectedQueriesCommand,
  StartProtectedJobCommand,
  StartProtectedQueryCommand,
  UpdateCollaborationChangeRequestCommand,
  UpdateMembershipCommand,
  UpdateProtectedJobCommand,
  UpdateProtectedQueryCommand,
  type ChangeRequestAction,
  type ChangeRequestStatus,
  type MembershipStatus,
  type ProtectedJobStatus,
  type ProtectedQueryStatus,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-cleanrooms";
import type { CleanRoomsCommand, ClientPool } from "./clients";
import { changeInput, membershipPayment, startJobInput, startQueryInput, type ChangeRequestChange, type PaymentRequest, type StartJobRequest, type StartQueryRequest } from "./requests";
import type { OperationKind } from "./retry";

export type {
  Collaboration as AwsCollaboration,
  CollaborationChangeRequest as AwsChangeRequest,
  CollaborationChangeRequestSummary as AwsChangeRequestSummary,
  CollaborationSummary as AwsCollaborationSummary,
  MemberSummary as AwsMemberSummary,
  Membership as AwsMembership,
  MembershipSummary as AwsMembershipSummary,
  ProtectedJob as AwsProtectedJob,
  ProtectedJobSummary as AwsProtectedJobSummary,
  ProtectedQuery as AwsProtectedQuery,
  ProtectedQuerySummary as AwsProtectedQuerySummary,
  PaymentConfiguration as AwsPaymentConfiguration,
  BilledResourceUtilization as AwsBilledResourceUtilization,
} from "@aws-sdk/client-cleanrooms";
export type { ChangeRequestChange, PaymentRequest, StartJobRequest, StartQueryRequest } from "./requests";

/**
 * Every Clean Rooms operation the gateway sends, and whether it only reads
 * or writes: reads are retried after transient failures, writes only after
 * throttling (see retry.ts). Each is also the IAM action
 * (`cleanrooms:<operation>`) a member account's role must allow: README's
 * "Setting up member accounts" lists them, the reads as the read-only
 * policy, and a test (test/aws/iam-policy.test.ts) holds README, this table,
 * the commands imported here and the command each method sends to the same
 * set, so the table cannot fall behind the code.
 */
export const CLEAN_ROOMS_OPERATIONS = {
  ListCollaborations: "read",
  GetCollaboration: "read",
  ListMembers: "read",
  ListMemberships: "read",
  GetMembership: "read",
  ListCollaborationChangeRequests: "read",
  GetCollaborationChangeRequest: "read",
  ListProtectedQueries: "read",
  GetProtectedQuery: "read",
  ListProtectedJobs: "read",
  GetProtectedJob: "read",
  CreateCollaborationChangeRequest: "write",
  UpdateCollaborationChangeRequest: "write",
  StartProtectedQuery: "write",
  StartProtectedJob: "write",
  UpdateProtectedQuery: "write",
  UpdateProtectedJob: "write",
  UpdateMembership: "write",
} as const satisfies Record<string, OperationKind>;

export type CleanRoomsOperation = keyof typeof CLEAN_ROOMS_OPERATIONS;

export interface Page {
  maxResults?: number;
  nextToken?: string;
}

/**
 * Where a call goes: an account (its home region), or an account in a region. Clean Rooms is regional: a
 * collaboration, its memberships and runs are reached only through the region they live in.
 */
export type At = string | { readonly accountId: string; readonly region?: string };

export const accountOf = (at: At): string => (typeof at === "string" ? at : at.accountId);
export const regionOf = (at: At): string | undefined => (typeof at === "string" ? undefined : at.region);

/** Told of every call as it ends (metrics): `error` is what it failed with, if it did; `region` where it went (undefined: the account's home region). */
export type ApiObserver = (operation: CleanRoomsOperation, accountId: string, seconds: number, error?: unknown, region?: string) => void;

export class CleanRoomsApi {
  constructor(
    private readonly pool: Pick<ClientPool, "send">,
    private readonly observer?: ApiObserver,
  ) {}

  listCollaborations = (at: At, page: Page) => this.call("ListCollaborations", at, new ListCollaborationsCommand(page));

  getCollaboration = (at: At, collaborationIdentifier: string) =>
    this.call("GetCollaboration", at, new GetCollaborationCommand({ collaborationIdentifier }));

  listMembers = (at: At, collaborationIdentifier: string, page: Page) =>
    this.call("ListMembers", at, new ListMembersCommand({ collaborationIdentifier, ...page }));

  listMemberships = (at: At, status: MembershipStatus | undefined, page: Page) =>
    this.call("ListMemberships", at, new ListMembershipsCommand({ status, ...page }));

  getMembership = (at: At, membershipIdentifier: string) =>
    this.call("GetMembership", at, new GetMembershipCommand({ membershipIdentifier }));

  listChangeRequests = (at: At, collaborationIdentifier: string, status: ChangeRequestStatus | undefined, page: Page) =>
    this.call("ListCollaborationChangeRequests", at, new ListCollaborationChangeRequestsCommand({ collaborationIdentifier, status, ...page }));

  getChangeRequest = (at: At, collaborationIdentifier: string, changeRequestIdentifier: string) =>
    this.call("GetCollaborationChangeRequest", at, new GetCollaborationChangeRequestCommand({ collaborationIdentifier, changeRequestIdentifier }));

  listProtectedQueries = (at: At, membershipIdentifier: string, status: ProtectedQueryStatus | undefined, page: Page) =>
    this.call("ListProtectedQueries", at, new ListProtectedQueriesCommand({ membershipIdentifier, status, ...page }));

  getProtectedQuery = (at: At, membershipIdentifier: string, protectedQueryIdentifier: string) =>
    this.call("GetProtectedQuery", at, new GetProtectedQueryCommand({ membershipIdentifier, protectedQueryIdentifier }));

  listProtectedJobs = (at: At, membershipIdentifier: string, status: ProtectedJobStatus | undefined, page: Page) =>
    this.call("ListProtectedJobs", at, new ListProtectedJobsCommand({ membershipIdentifier, status, ...page }));

  getProtectedJob = (at: At, membershipIdentifier: string, protectedJobIdentifier: string) =>
    this.call("GetProtectedJob", at, new GetProtectedJobCommand({ membershipIdentifier, protectedJobIdentifier }));

  // ---- writes (the gateway's inputs become AWS's in requests.ts) ----

  createChangeRequest = (at: At, collaborationIdentifier: string, changes: readonly ChangeRequestChange[]) =>
    this.call("CreateCollaborationChangeRequest", at, new CreateCollaborationChangeRequestCommand({ collaborationIdentifier, changes: changes.map(changeInput) }));

  updateChangeRequest = (at: At, collaborationIdentifier: string, changeRequestIdentifier: string, action: ChangeRequestAction) =>
    this.call("UpdateCollaborationChangeRequest", at, new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier, changeRequestIdentifier, action }));

  /** The payer is sent only when the caller named one (AWS then charges the collaboration's default). */
  startProtectedQuery = (at: At, input: StartQueryRequest, payerAccountId: string | undefined) =>
    this.call("StartProtectedQuery", at, new StartProtectedQueryCommand(startQueryInput(input, payerAccountId)));

  startProtectedJob = (at: At, input: StartJobRequest, payerAccountId: string | undefined) =>
    this.call("StartProtectedJob", at, new StartProtectedJobCommand(startJobInput(input, payerAccountId)));

  cancelProtectedQuery = (at: At, membershipIdentifier: string, protectedQueryIdentifier: string) =>
    this.call("UpdateProtectedQuery", at, new UpdateProtectedQueryCommand({ membershipIdentifier, protectedQueryIdentifier, targetStatus: "CANCELLED" }));

  cancelProtectedJob = (at: At, membershipIdentifier: string, protectedJobIdentifier: string) =>
    this.call("UpdateProtectedJob", at, new UpdateProtectedJobCommand({ membershipIdentifier, protectedJobIdentifier, targetStatus: "CANCELLED" }));

  updateMembershipPayment = (at: At, membershipIdentifier: string, payment: PaymentRequest) =>
    this.call("UpdateMembership", at, new UpdateMembershipCommand({ membershipIdentifier, membershipPaymentConfiguration: membershipPayment(payment) }));

  private async call<I extends ServiceInputTypes, O extends ServiceOutputTypes>(operation: CleanRoomsOperation, at: At, command: CleanRoomsCommand<I, O>): Promise<O> {
    const accountId = accountOf(at);
    if (!this.observer) return this.pool.send(accountId, CLEAN_ROOMS_OPERATIONS[operation], command, regionOf(at));
    const start = performance.now();
    try {
      const out = await this.pool.send(accountId, CLEAN_ROOMS_OPERATIONS[operation], command, regionOf(at));
      this.observer(operation, accountId, (performance.now() - start) / 1000, undefined, regionOf(at));
      return out;
    } catch (e) {
      this.observer(operation, accountId, (performance.now() - start) / 1000, e, regionOf(at));
      throw e;
    }
  }
}
