/**
 * The Clean Rooms operations the gateway uses, as plain async methods on an
 * account. The rest of the gateway calls these (and imports the types
 * re-exported here), never the SDK itself.
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
  type ChangeInput,
  type ChangeRequestAction,
  type ChangeRequestStatus,
  type MembershipStatus,
  type ProtectedJobStatus,
  type ProtectedQueryStatus,
  type StartProtectedJobInput,
  type StartProtectedQueryInput,
} from "@aws-sdk/client-cleanrooms";
import type { ClientPool } from "./clients";
import type { UpdateMembershipPaymentConfiguration } from "./sdk-overlay";

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
  ChangeInput as AwsChangeInput,
  StartProtectedQueryInput as AwsStartProtectedQueryInput,
  StartProtectedJobInput as AwsStartProtectedJobInput,
} from "@aws-sdk/client-cleanrooms";
export type { UpdateMembershipPaymentConfiguration as AwsMembershipPaymentUpdate } from "./sdk-overlay";

/**
 * Every Clean Rooms operation the gateway sends. Each is also the IAM action
 * (`cleanrooms:<operation>`) a member account's role must allow: README's
 * "Setting up member accounts" lists them, the List/Get ones as the
 * read-only policy, and a test (test/aws/iam-policy.test.ts) holds README,
 * this list and the commands imported here to the same set, so the list
 * cannot fall behind the code.
 */
export const CLEAN_ROOMS_OPERATIONS = [
  "ListCollaborations",
  "GetCollaboration",
  "ListMembers",
  "ListMemberships",
  "GetMembership",
  "ListCollaborationChangeRequests",
  "GetCollaborationChangeRequest",
  "ListProtectedQueries",
  "GetProtectedQuery",
  "ListProtectedJobs",
  "GetProtectedJob",
  "CreateCollaborationChangeRequest",
  "UpdateCollaborationChangeRequest",
  "StartProtectedQuery",
  "StartProtectedJob",
  "UpdateProtectedQuery",
  "UpdateProtectedJob",
  "UpdateMembership",
] as const;

export interface Page {
  maxResults?: number;
  nextToken?: string;
}

export class CleanRoomsApi {
  constructor(private readonly pool: ClientPool) {}

  listCollaborations = (accountId: string, page: Page) => this.pool.send(accountId, new ListCollaborationsCommand(page));

  getCollaboration = (accountId: string, collaborationIdentifier: string) =>
    this.pool.send(accountId, new GetCollaborationCommand({ collaborationIdentifier }));

  listMembers = (accountId: string, collaborationIdentifier: string, page: Page) =>
    this.pool.send(accountId, new ListMembersCommand({ collaborationIdentifier, ...page }));

  listMemberships = (accountId: string, status: MembershipStatus | undefined, page: Page) =>
    this.pool.send(accountId, new ListMembershipsCommand({ status, ...page }));

  getMembership = (accountId: string, membershipIdentifier: string) =>
    this.pool.send(accountId, new GetMembershipCommand({ membershipIdentifier }));

  listChangeRequests = (accountId: string, collaborationIdentifier: string, status: ChangeRequestStatus | undefined, page: Page) =>
    this.pool.send(accountId, new ListCollaborationChangeRequestsCommand({ collaborationIdentifier, status, ...page }));

  getChangeRequest = (accountId: string, collaborationIdentifier: string, changeRequestIdentifier: string) =>
    this.pool.send(accountId, new GetCollaborationChangeRequestCommand({ collaborationIdentifier, changeRequestIdentifier }));

  listProtectedQueries = (accountId: string, membershipIdentifier: string, status: ProtectedQueryStatus | undefined, page: Page) =>
    this.pool.send(accountId, new ListProtectedQueriesCommand({ membershipIdentifier, status, ...page }));

  getProtectedQuery = (accountId: string, membershipIdentifier: string, protectedQueryIdentifier: string) =>
    this.pool.send(accountId, new GetProtectedQueryCommand({ membershipIdentifier, protectedQueryIdentifier }));

  listProtectedJobs = (accountId: string, membershipIdentifier: string, status: ProtectedJobStatus | undefined, page: Page) =>
    this.pool.send(accountId, new ListProtectedJobsCommand({ membershipIdentifier, status, ...page }));

  getProtectedJob = (accountId: string, membershipIdentifier: string, protectedJobIdentifier: string) =>
    this.pool.send(accountId, new GetProtectedJobCommand({ membershipIdentifier, protectedJobIdentifier }));

  // ---- writes (sent once; ClientPool retries a write only after throttling) ----

  createChangeRequest = (accountId: string, collaborationIdentifier: string, changes: ChangeInput[]) =>
    this.pool.send(accountId, new CreateCollaborationChangeRequestCommand({ collaborationIdentifier, changes }));

  updateChangeRequest = (accountId: string, collaborationIdentifier: string, changeRequestIdentifier: string, action: ChangeRequestAction) =>
    this.pool.send(accountId, new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier, changeRequestIdentifier, action }));

  startProtectedQuery = (accountId: string, input: Omit<StartProtectedQueryInput, "type">) =>
    this.pool.send(accountId, new StartProtectedQueryCommand({ ...input, type: "SQL" }));

  startProtectedJob = (accountId: string, input: Omit<StartProtectedJobInput, "type">) =>
    this.pool.send(accountId, new StartProtectedJobCommand({ ...input, type: "PYSPARK" }));

  cancelProtectedQuery = (accountId: string, membershipIdentifier: string, protectedQueryIdentifier: string) =>
    this.pool.send(accountId, new UpdateProtectedQueryCommand({ membershipIdentifier, protectedQueryIdentifier, targetStatus: "CANCELLED" }));

  cancelProtectedJob = (accountId: string, membershipIdentifier: string, protectedJobIdentifier: string) =>
    this.pool.send(accountId, new UpdateProtectedJobCommand({ membershipIdentifier, protectedJobIdentifier, targetStatus: "CANCELLED" }));

  updateMembershipPayment = (accountId: string, membershipIdentifier: string, membershipPaymentConfiguration: UpdateMembershipPaymentConfiguration) =>
    this.pool.send(accountId, new UpdateMembershipCommand({ membershipIdentifier, membershipPaymentConfiguration }));
}
