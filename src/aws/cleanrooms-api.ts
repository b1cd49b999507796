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

export class CleanRoomsApi {
  constructor(private readonly pool: Pick<ClientPool, "send">) {}

  listCollaborations = (accountId: string, page: Page) => this.call("ListCollaborations", accountId, new ListCollaborationsCommand(page));

  getCollaboration = (accountId: string, collaborationIdentifier: string) =>
    this.call("GetCollaboration", accountId, new GetCollaborationCommand({ collaborationIdentifier }));

  listMembers = (accountId: string, collaborationIdentifier: string, page: Page) =>
    this.call("ListMembers", accountId, new ListMembersCommand({ collaborationIdentifier, ...page }));

  listMemberships = (accountId: string, status: MembershipStatus | undefined, page: Page) =>
    this.call("ListMemberships", accountId, new ListMembershipsCommand({ status, ...page }));

  getMembership = (accountId: string, membershipIdentifier: string) =>
    this.call("GetMembership", accountId, new GetMembershipCommand({ membershipIdentifier }));

  listChangeRequests = (accountId: string, collaborationIdentifier: string, status: ChangeRequestStatus | undefined, page: Page) =>
    this.call("ListCollaborationChangeRequests", accountId, new ListCollaborationChangeRequestsCommand({ collaborationIdentifier, status, ...page }));

  getChangeRequest = (accountId: string, collaborationIdentifier: string, changeRequestIdentifier: string) =>
    this.call("GetCollaborationChangeRequest", accountId, new GetCollaborationChangeRequestCommand({ collaborationIdentifier, changeRequestIdentifier }));

  listProtectedQueries = (accountId: string, membershipIdentifier: string, status: ProtectedQueryStatus | undefined, page: Page) =>
    this.call("ListProtectedQueries", accountId, new ListProtectedQueriesCommand({ membershipIdentifier, status, ...page }));

  getProtectedQuery = (accountId: string, membershipIdentifier: string, protectedQueryIdentifier: string) =>
    this.call("GetProtectedQuery", accountId, new GetProtectedQueryCommand({ membershipIdentifier, protectedQueryIdentifier }));

  listProtectedJobs = (accountId: string, membershipIdentifier: string, status: ProtectedJobStatus | undefined, page: Page) =>
    this.call("ListProtectedJobs", accountId, new ListProtectedJobsCommand({ membershipIdentifier, status, ...page }));

  getProtectedJob = (accountId: string, membershipIdentifier: string, protectedJobIdentifier: string) =>
    this.call("GetProtectedJob", accountId, new GetProtectedJobCommand({ membershipIdentifier, protectedJobIdentifier }));

  // ---- writes (the gateway's inputs become AWS's in requests.ts) ----

  createChangeRequest = (accountId: string, collaborationIdentifier: string, changes: readonly ChangeRequestChange[]) =>
    this.call("CreateCollaborationChangeRequest", accountId, new CreateCollaborationChangeRequestCommand({ collaborationIdentifier, changes: changes.map(changeInput) }));

  updateChangeRequest = (accountId: string, collaborationIdentifier: string, changeRequestIdentifier: string, action: ChangeRequestAction) =>
    this.call("UpdateCollaborationChangeRequest", accountId, new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier, changeRequestIdentifier, action }));

  /** The payer is sent only when the caller named one (AWS then charges the collaboration's default). */
  startProtectedQuery = (accountId: string, input: StartQueryRequest, payerAccountId: string | undefined) =>
    this.call("StartProtectedQuery", accountId, new StartProtectedQueryCommand(startQueryInput(input, payerAccountId)));

  startProtectedJob = (accountId: string, input: StartJobRequest, payerAccountId: string | undefined) =>
    this.call("StartProtectedJob", accountId, new StartProtectedJobCommand(startJobInput(input, payerAccountId)));

  cancelProtectedQuery = (accountId: string, membershipIdentifier: string, protectedQueryIdentifier: string) =>
    this.call("UpdateProtectedQuery", accountId, new UpdateProtectedQueryCommand({ membershipIdentifier, protectedQueryIdentifier, targetStatus: "CANCELLED" }));

  cancelProtectedJob = (accountId: string, membershipIdentifier: string, protectedJobIdentifier: string) =>
    this.call("UpdateProtectedJob", accountId, new UpdateProtectedJobCommand({ membershipIdentifier, protectedJobIdentifier, targetStatus: "CANCELLED" }));

  updateMembershipPayment = (accountId: string, membershipIdentifier: string, payment: PaymentRequest) =>
    this.call("UpdateMembership", accountId, new UpdateMembershipCommand({ membershipIdentifier, membershipPaymentConfiguration: membershipPayment(payment) }));

  private call<I extends ServiceInputTypes, O extends ServiceOutputTypes>(operation: CleanRoomsOperation, accountId: string, command: CleanRoomsCommand<I, O>): Promise<O> {
    return this.pool.send(accountId, CLEAN_ROOMS_OPERATIONS[operation], command);
  }
}
