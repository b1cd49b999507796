/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Whether the gateway can currently act as a federated account (its role could be assumed). */
export type AccountStatus =
  /** The gateway can act as the account: its role is assumed and its reads succeed. */
  | 'AVAILABLE'
  /** The gateway cannot act as the account right now (its role cannot be assumed, or its calls keep failing); its part of the graph is missing and the response carries an ACCOUNT_UNAVAILABLE error naming it. */
  | 'UNAVAILABLE';

/** One member's vote on a change request (AWS approvals[accountId].status). */
export type ApprovalStatus =
  /** The member approved the request. */
  | 'APPROVED'
  /** The member denied the request. */
  | 'DENIED'
  /** The member has not voted yet. */
  | 'PENDING';

/** The change types a collaboration may approve without a vote (AWS autoApprovedChangeTypes); a request made only of them takes effect at once. */
export type AutoApprovedChangeType =
  /** Adding a member. */
  | 'ADD_MEMBER'
  /** Granting a member CAN_RECEIVE_RESULTS. */
  | 'GRANT_RECEIVE_RESULTS_ABILITY'
  /** Taking CAN_RECEIVE_RESULTS away from a member. */
  | 'REVOKE_RECEIVE_RESULTS_ABILITY';

/** One change to propose: set `member` or `collaboration`, whichever specificationType names, and leave the other out. */
export type ChangeInput = {
  /** The collaboration change; required when specificationType is COLLABORATION, else left out. */
  collaboration?: CollaborationChangeSpecificationInput | null | undefined;
  /** The member change; required when specificationType is MEMBER, else left out. */
  member?: MemberChangeSpecificationInput | null | undefined;
  /** What the change is about: MEMBER or COLLABORATION. */
  specificationType: ChangeSpecificationType;
};

/** Where a change request stands (AWS CollaborationChangeRequest.status). CANCELLED, DENIED and COMMITTED are final. */
export type ChangeRequestStatus =
  /** Every member approved; waiting for the collaboration's creator to commit it. */
  | 'APPROVED'
  /** Withdrawn by the collaboration's creator; its changes will not take effect. Final. */
  | 'CANCELLED'
  /** Its changes have taken effect (committed by the creator, or auto-approved). Final. */
  | 'COMMITTED'
  /** A member denied it; its changes will not take effect. Final. */
  | 'DENIED'
  /** Waiting for members' votes. */
  | 'PENDING';

/** What a change is about (AWS Change.specificationType); says which of the change's `member` and `collaboration` is set. */
export type ChangeSpecificationType =
  /** A change to the collaboration's own settings (its auto-approved change types); `collaboration` is set. */
  | 'COLLABORATION'
  /** A change to one member (adding it, its abilities, payment responsibilities or display name); `member` is set. */
  | 'MEMBER';

/** What a change in a change request amounts to (AWS Change.types); AWS works it out from the change's specification. */
export type ChangeType =
  /** Adds a member to the collaboration. */
  | 'ADD_MEMBER'
  /** Makes a member a payer candidate for a cost type (see PaymentConfiguration). */
  | 'ADD_PAYER_CANDIDATE'
  /** Changes which change types the collaboration approves without a vote. */
  | 'EDIT_AUTO_APPROVED_CHANGE_TYPES'
  /** Grants a member CAN_RECEIVE_INFERENCE_OUTPUT. */
  | 'GRANT_CAN_RECEIVE_INFERENCE_OUTPUT'
  /** Grants a member CAN_RECEIVE_MODEL_OUTPUT. */
  | 'GRANT_CAN_RECEIVE_MODEL_OUTPUT'
  /** Grants a member CAN_RECEIVE_RESULTS. */
  | 'GRANT_RECEIVE_RESULTS_ABILITY'
  /** Stops a member being a payer candidate for a cost type. */
  | 'REMOVE_PAYER_CANDIDATE'
  /** Takes CAN_RECEIVE_INFERENCE_OUTPUT away from a member. */
  | 'REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT'
  /** Takes CAN_RECEIVE_MODEL_OUTPUT away from a member. */
  | 'REVOKE_CAN_RECEIVE_MODEL_OUTPUT'
  /** Takes CAN_RECEIVE_RESULTS away from a member. */
  | 'REVOKE_RECEIVE_RESULTS_ABILITY';

/** A change to the collaboration's own settings. At most one per request. */
export type CollaborationChangeSpecificationInput = {
  /** The change types the collaboration is to approve without a vote. */
  autoApprovedChangeTypes: Array<AutoApprovedChangeType>;
};

/** The compute to run a protected query or job on (AWS computeConfiguration). */
export type ComputeConfigurationInput = {
  /** The workers. */
  worker: WorkerComputeConfigurationInput;
};

/** The cost types that a collaboration assigns to payers. */
export type CostType =
  /** Compute for protected jobs (PaymentConfiguration.jobCompute). */
  | 'JOB_COMPUTE'
  /** Inference with custom ML models (PaymentConfiguration.machineLearning.modelInference). */
  | 'MODEL_INFERENCE'
  /** Training custom ML models (PaymentConfiguration.machineLearning.modelTraining). */
  | 'MODEL_TRAINING'
  /** Compute for protected queries (PaymentConfiguration.queryCompute). */
  | 'QUERY_COMPUTE'
  /** Generating synthetic data with ML (PaymentConfiguration.machineLearning.syntheticDataGeneration). */
  | 'SYNTHETIC_DATA_GENERATION';

/** A change request to submit (AWS CreateCollaborationChangeRequest). */
export type CreateChangeRequestInput = {
  /** The changes to propose: 1–10 of them. */
  changes: Array<ChangeInput>;
  /** The id of the collaboration to change (a UUID). */
  collaborationId: string | number;
};

/** What a member may receive from custom machine-learning models in a collaboration (AWS mlMemberAbilities.customMLMemberAbilities). */
export type CustomMlMemberAbility =
  /** May receive the output of model inference. */
  | 'CAN_RECEIVE_INFERENCE_OUTPUT'
  /** May receive the output of model training. */
  | 'CAN_RECEIVE_MODEL_OUTPUT';

/** One entry of an AWS map (parameters, Spark properties) as a name and its value; a key may appear once per list. */
export type KeyValueInput = {
  /** The entry's name. */
  key: string;
  /** The entry's value. */
  value: string;
};

/** Who pays for machine-learning costs; a part left out is not sent to AWS (a membership update must set at least one). */
export type MlPaymentConfigurationInput = {
  /** Inference with custom ML models. */
  modelInference?: PaymentResponsibilityInput | null | undefined;
  /** Training custom ML models. */
  modelTraining?: PaymentResponsibilityInput | null | undefined;
  /** Generating synthetic data. */
  syntheticDataGeneration?: PaymentResponsibilityInput | null | undefined;
};

/** What a member may do in a collaboration, as its creator granted it (AWS memberAbilities). */
export type MemberAbility =
  /** May run protected queries (SQL) in the collaboration. */
  | 'CAN_QUERY'
  /** May receive the results of protected queries and jobs. */
  | 'CAN_RECEIVE_RESULTS'
  /** May run protected jobs (PySpark) in the collaboration. */
  | 'CAN_RUN_JOB';

/** A change to one member: add it, or change its abilities, payer candidacy or display name. One change per member per request. */
export type MemberChangeSpecificationInput = {
  /** The AWS account id of the member to add or change (12 digits). */
  accountId: string;
  /** The member's display name, 1–100 characters; needed to add a member, optional otherwise. */
  displayName?: string | null | undefined;
  /** The abilities the member is to have; [] for a member that only contributes data. */
  memberAbilities: Array<MemberAbility>;
  /** The custom ML abilities the member is to have; left out: not sent to AWS. */
  mlMemberAbilities?: Array<CustomMlMemberAbility> | null | undefined;
  /** The costs the member is to be a payer candidate for; left out: not sent to AWS. */
  paymentConfiguration?: PaymentConfigurationInput | null | undefined;
};

/** Send a query's results to one member of the collaboration. */
export type MemberOutputInput = {
  /** The AWS account id of the member who is to receive the results (12 digits). */
  accountId: string;
};

/** Where a member stands in a collaboration (AWS MemberSummary.status). */
export type MemberStatus =
  /** Joined: holds a membership in the collaboration. */
  | 'ACTIVE'
  /** Invited, but has not joined yet (no membership). */
  | 'INVITED'
  /** Left the collaboration of its own accord. */
  | 'LEFT'
  /** Removed from the collaboration. */
  | 'REMOVED';

/** The state of a membership (AWS Membership.status). */
export type MembershipStatus =
  /** The membership is in use. */
  | 'ACTIVE'
  /** The collaboration was deleted; the membership remains only as a record. */
  | 'COLLABORATION_DELETED'
  /** The membership has ended: its member left the collaboration or was removed. */
  | 'REMOVED';

/** The costs a member is to be a payer candidate for, per cost type (AWS PaymentConfiguration of a member change). */
export type PaymentConfigurationInput = {
  /** Compute for protected jobs (cost type JOB_COMPUTE); left out: not sent. */
  jobCompute?: PaymentResponsibilityInput | null | undefined;
  /** Machine-learning costs; left out: not sent. */
  machineLearning?: MlPaymentConfigurationInput | null | undefined;
  /** Compute for protected queries (cost type QUERY_COMPUTE). */
  queryCompute: PaymentResponsibilityInput;
};

/** Whether a member pays for one cost type. */
export type PaymentResponsibilityInput = {
  /** In a member change: true to make the member a payer candidate for this cost. In a membership update: true to accept paying it, false to decline. */
  isResponsible: boolean;
};

/** Where a protected job stands (AWS ProtectedJob.status). CANCELLED, FAILED and SUCCESS are final. */
export type ProtectedJobStatus =
  /** Stopped by a cancellation before it finished. Final. */
  | 'CANCELLED'
  /** A cancellation was requested; the job is stopping. */
  | 'CANCELLING'
  /** Ended with an error (see `error`). Final. */
  | 'FAILED'
  /** Running. */
  | 'STARTED'
  /** Accepted by AWS; not running yet. */
  | 'SUBMITTED'
  /** Finished; see `result`. Final. */
  | 'SUCCESS';

/** Where a query's results go: set exactly one of s3, member and distribute. */
export type ProtectedQueryOutputInput = {
  /** Send the results to several places: each entry sets s3 or member (at most one s3, no nesting). Spark analytics engine only. */
  distribute?: Array<ProtectedQueryOutputInput> | null | undefined;
  /** Send the results to one member. */
  member?: MemberOutputInput | null | undefined;
  /** Write the results to S3. */
  s3?: S3OutputInput | null | undefined;
};

/** Where a protected query stands (AWS ProtectedQuery.status). CANCELLED, FAILED, SUCCESS and TIMED_OUT are final. */
export type ProtectedQueryStatus =
  /** Stopped by a cancellation before it finished. Final. */
  | 'CANCELLED'
  /** A cancellation was requested; the query is stopping. */
  | 'CANCELLING'
  /** Ended with an error (see `error`). Final. */
  | 'FAILED'
  /** Running. */
  | 'STARTED'
  /** Accepted by AWS; not running yet. */
  | 'SUBMITTED'
  /** Finished; see `result`. Final. */
  | 'SUCCESS'
  /** Stopped by AWS for running too long. Final. */
  | 'TIMED_OUT';

/** Which kind of run: a protected query (SQL) or a protected job (PySpark). */
export type ProtectedRunKind =
  /** A protected job (ProtectedJob). */
  | 'JOB'
  /** A protected query (ProtectedQuery). */
  | 'QUERY';

/** The statuses of protected queries and jobs together (a job is never TIMED_OUT). */
export type ProtectedRunStatus =
  /** Cancelled. Final. */
  | 'CANCELLED'
  /** A cancel was asked for; it is stopping. */
  | 'CANCELLING'
  /** Ended with an error. Final. */
  | 'FAILED'
  /** Running. */
  | 'STARTED'
  /** Accepted, not running yet. */
  | 'SUBMITTED'
  /** Ended with a result. Final. */
  | 'SUCCESS'
  /** A query that ran out of time. Final. */
  | 'TIMED_OUT';

/** The file format of results written to S3 (AWS ResultFormat). */
export type ResultFormat =
  /** Comma-separated values. */
  | 'CSV'
  /** Apache Parquet. */
  | 'PARQUET';

/** Write a query's results to Amazon S3. */
export type S3OutputInput = {
  /** The S3 bucket's name (3–63 lowercase letters, digits, dots and hyphens). */
  bucket: string;
  /** The key prefix to write the results under: at most 512 letters, digits and _ ! . = * / -. Optional. */
  keyPrefix?: string | null | undefined;
  /** The file format of the results. */
  resultFormat: ResultFormat;
  /** True to write the results as one file, false for several; Spark analytics engine only. Left out: AWS's default. */
  singleFileOutput?: boolean | null | undefined;
};

/** The SQL to run: exactly one of queryString and analysisTemplateArn, and parameters for a template. */
export type SqlParametersInput = {
  /** The ARN of the analysis template to run (arn:aws:cleanrooms:REGION:ACCOUNT:membership/MEMBERSHIP_ID/analysistemplate/TEMPLATE_ID, at most 200 characters). */
  analysisTemplateArn?: string | null | undefined;
  /** Values for the analysis template's parameters: names of 1–100 letters, digits and _, each once; values of at most 1,000 characters. */
  parameters?: Array<KeyValueInput> | null | undefined;
  /** The SQL text: not empty, at most 500,000 characters. */
  queryString?: string | null | undefined;
};

/** A field Collaboration.spend splits the billed compute units by; several together split by their combination (PAYER and COST_TYPE: who paid how much of what). */
export type SpendGroupBy =
  /** By cost type: QUERY_COMPUTE for protected queries, JOB_COMPUTE for protected jobs. */
  | 'COST_TYPE'
  /** By the federated membership that ran the runs. */
  | 'MEMBERSHIP'
  /** By the member who pays (the run's payer). */
  | 'PAYER';

/** A protected query to start (AWS StartProtectedQuery, type SQL). */
export type StartProtectedQueryInput = {
  /** The workers to run on. Left out: AWS's default. */
  computeConfiguration?: ComputeConfigurationInput | null | undefined;
  /** A retry that repeats this key starts nothing new and returns the first result. */
  idempotencyKey?: string | null | undefined;
  /** The membership to run the query in (a UUID); one of the caller's accounts must hold it, with the run grant, and be able to query. */
  membershipId: string | number;
  /** Where the results go. Left out: the membership's default result configuration. */
  output?: ProtectedQueryOutputInput | null | undefined;
  /** The member who pays the query compute; must be one of the collaboration's payer candidates. */
  payerAccountId?: string | null | undefined;
  /** The SQL to run. */
  sqlParameters: SqlParametersInput;
};

/** The workers to run a protected query or job on. */
export type WorkerComputeConfigurationInput = {
  /** How many workers: 2–400 for SQL queries, 4–128 for PySpark jobs. */
  number: number;
  /** Spark properties to set: at most 50, keys of 1–200 characters, values of at most 500. Left out: none. */
  properties?: Array<KeyValueInput> | null | undefined;
  /** The size of each worker: CR_1X, CR_4X or CR_8X for SQL queries; CR_1X or CR_4X for PySpark jobs. */
  type: WorkerComputeType;
};

/** The size of each worker that runs a query or job (AWS WorkerComputeType); the name writes '_' where AWS writes '.' (CR_1X is AWS's CR.1X). */
export type WorkerComputeType =
  /** AWS's CR.1X, the smallest worker; for SQL queries and PySpark jobs. */
  | 'CR_1X'
  /** AWS's CR.4X, a larger worker; for SQL queries and PySpark jobs. */
  | 'CR_4X'
  /** AWS's CR.8X, the largest worker; for SQL queries only. */
  | 'CR_8X';

export type ApproveChangeRequestMutationVariables = Exact<{
  collaborationId: string | number;
  changeRequestId: string | number;
  asAccountId?: string | null | undefined;
}>;


export type ApproveChangeRequestMutation = { approveChangeRequest: { id: string, status: ChangeRequestStatus, approvals: Array<{ id: string, accountId: string, status: ApprovalStatus, member: { id: string, displayName: string } | null }> } };

export type ChangeRequestActivitySubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ChangeRequestActivitySubscription = { changeRequestStatusChanged: { id: string, collaborationId: string, status: ChangeRequestStatus, approvals: Array<{ id: string, accountId: string, status: ApprovalStatus }> } };

export type CollaborationActivityQueryVariables = Exact<{
  collaborationId?: string | number;
  kind?: ProtectedRunKind | null | undefined;
  status?: ProtectedRunStatus | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CollaborationActivityQuery = { collaboration: { id: string, name: string, runs: { edges: Array<{ cursor: string, node:
          | { id: string, membershipId: string, kind: ProtectedRunKind, runStatus: ProtectedRunStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null }
          | { id: string, membershipId: string, kind: ProtectedRunKind, runStatus: ProtectedRunStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null }
         }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type CollaborationSpendQueryVariables = Exact<{
  collaborationId?: string | number;
  groupBy?: Array<SpendGroupBy> | SpendGroupBy;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type CollaborationSpendQuery = { collaboration: { id: string, name: string, spend: { id: string, groupBy: Array<SpendGroupBy>, units: number, runCount: number, runsWithoutStatistics: number, missingStatisticsShare: number, groups: Array<{ id: string, payerAccountId: string | null, costType: CostType | null, membershipId: string | null, units: number, runCount: number, runsWithoutStatistics: number, payer: { id: string, accountId: string, displayName: string } | null }>, membersNotVisible: Array<{ id: string, accountId: string, displayName: string, abilities: Array<MemberAbility> }> } } | null };

export type CommitChangeRequestMutationVariables = Exact<{
  collaborationId: string | number;
  changeRequestId: string | number;
}>;


export type CommitChangeRequestMutation = { commitChangeRequest: { id: string, status: ChangeRequestStatus, collaboration: { id: string, name: string, queryPayers: Array<{ id: string, accountId: string, displayName: string }>, jobPayers: Array<{ id: string, accountId: string, displayName: string }> } } };

export type CreateChangeRequestMutationVariables = Exact<{
  input: CreateChangeRequestInput;
}>;


export type CreateChangeRequestMutation = { createChangeRequest: { id: string, status: ChangeRequestStatus, changes: Array<{ id: string, types: Array<ChangeType> }>, approvals: Array<{ id: string, accountId: string, status: ApprovalStatus }> } };

export type DashboardQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardQuery = { accounts: Array<{ id: string, accountId: string, alias: string | null, status: AccountStatus, memberships: { nodes: Array<{ id: string, status: MembershipStatus, memberAbilities: Array<MemberAbility>, collaboration: { id: string, name: string }, protectedQueries: { nodes: Array<{ id: string, status: ProtectedQueryStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null, receivers: Array<{ id: string, accountId: string, displayName: string }> }> }, protectedJobs: { nodes: Array<{ id: string, status: ProtectedJobStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null, receivers: Array<{ id: string, accountId: string, displayName: string }> }> } }> } }>, collaborations: { nodes: Array<{ id: string, name: string, analyticsEngine: string | null, creatorDisplayName: string, createTime: string, members: Array<{ id: string, accountId: string, displayName: string, status: MemberStatus, abilities: Array<MemberAbility>, isFederated: boolean }>, payerCandidates: Array<{ id: string, accountId: string }>, defaultPayer: { id: string, accountId: string } | null, changeRequests: { nodes: Array<{ id: string, status: ChangeRequestStatus, changes: Array<{ id: string, types: Array<ChangeType>, member: { id: string, accountId: string, member: { id: string, displayName: string } | null } | null }>, approvals: Array<{ id: string, accountId: string, status: ApprovalStatus, member: { id: string, displayName: string, isFederated: boolean } | null }> }> } }> } };

export type MembershipActivityQueryVariables = Exact<{
  membershipId?: string | number;
  kind?: ProtectedRunKind | null | undefined;
  status?: ProtectedRunStatus | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MembershipActivityQuery = { membership: { id: string, collaboration: { id: string, name: string }, runs: { edges: Array<{ cursor: string, node:
          | { id: string, kind: ProtectedRunKind, runStatus: ProtectedRunStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null }
          | { id: string, kind: ProtectedRunKind, runStatus: ProtectedRunStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null }
         }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type MembershipRunActivitySubscriptionVariables = Exact<{
  membershipId?: string | number;
}>;


export type MembershipRunActivitySubscription = { runStatusChanged:
    | { id: string, membershipId: string, kind: ProtectedRunKind, runStatus: ProtectedRunStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null }
    | { id: string, membershipId: string, kind: ProtectedRunKind, runStatus: ProtectedRunStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null }
   };

export type PendingApprovalsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PendingApprovalsQuery = { pendingApprovals: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, voterAccountIds: Array<string>, createTime: string, ageSeconds: number, changeRequest: { id: string, collaborationId: string, status: ChangeRequestStatus, changes: Array<{ id: string, types: Array<ChangeType> }> }, collaboration: { id: string, name: string }, voters: Array<{ id: string, accountId: string, displayName: string }>, requester: { id: string, accountId: string, displayName: string } | null, memberChanges: Array<{ id: string, accountId: string, addsMember: boolean, payerCandidaciesAdded: Array<CostType>, payerCandidaciesRemoved: Array<CostType>, abilitiesAdded: Array<MemberAbility>, abilitiesRemoved: Array<MemberAbility> }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type QueryStatusSubscriptionVariables = Exact<{
  membershipId: string | number;
  id: string | number;
}>;


export type QueryStatusSubscription = { protectedQueryStatusChanged: { id: string, status: ProtectedQueryStatus, payer: { id: string, accountId: string, displayName: string } | null, statistics: { totalDurationInMillis: number | null } | null, result: { output: { s3: { location: string } | null, memberList: Array<{ id: string, accountId: string }> | null } } | null, error: { code: string, message: string } | null } };

export type RunActivitySubscriptionVariables = Exact<{
  collaborationId?: string | number;
}>;


export type RunActivitySubscription = { runStatusChanged:
    | { id: string, membershipId: string, kind: ProtectedRunKind, runStatus: ProtectedRunStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null }
    | { id: string, membershipId: string, kind: ProtectedRunKind, runStatus: ProtectedRunStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null }
   };

export type StartQueryWithPayerMutationVariables = Exact<{
  input: StartProtectedQueryInput;
}>;


export type StartQueryWithPayerMutation = { startProtectedQuery: { id: string, membershipId: string, status: ProtectedQueryStatus, createTime: string, payer: { id: string, accountId: string, displayName: string } | null, receivers: Array<{ id: string, accountId: string, displayName: string }> } };


export const ApproveChangeRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveChangeRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"changeRequestId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asAccountId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveChangeRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"collaborationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"changeRequestId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"changeRequestId"}}},{"kind":"Argument","name":{"kind":"Name","value":"asAccountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asAccountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ApproveChangeRequestMutation, ApproveChangeRequestMutationVariables>;
export const ChangeRequestActivityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ChangeRequestActivity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeRequestStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"collaborationId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ChangeRequestActivitySubscription, ChangeRequestActivitySubscriptionVariables>;
export const CollaborationActivityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CollaborationActivity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},"defaultValue":{"kind":"StringValue","value":"aaaaaaaa-0002-4000-8000-000000000002","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProtectedRunKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProtectedRunStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"collaboration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"membershipId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"runStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CollaborationActivityQuery, CollaborationActivityQueryVariables>;
export const CollaborationSpendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CollaborationSpend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},"defaultValue":{"kind":"StringValue","value":"aaaaaaaa-0002-4000-8000-000000000002","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SpendGroupBy"}}}}},"defaultValue":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"PAYER"},{"kind":"EnumValue","value":"COST_TYPE"}]}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"collaboration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"spend"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"groupBy"}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"runCount"}},{"kind":"Field","name":{"kind":"Name","value":"runsWithoutStatistics"}},{"kind":"Field","name":{"kind":"Name","value":"missingStatisticsShare"}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"payerAccountId"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"costType"}},{"kind":"Field","name":{"kind":"Name","value":"membershipId"}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"runCount"}},{"kind":"Field","name":{"kind":"Name","value":"runsWithoutStatistics"}}]}},{"kind":"Field","name":{"kind":"Name","value":"membersNotVisible"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"abilities"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CollaborationSpendQuery, CollaborationSpendQueryVariables>;
export const CommitChangeRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CommitChangeRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"changeRequestId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"commitChangeRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"collaborationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"changeRequestId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"changeRequestId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"collaboration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","alias":{"kind":"Name","value":"queryPayers"},"name":{"kind":"Name","value":"payerCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"costType"},"value":{"kind":"EnumValue","value":"QUERY_COMPUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"jobPayers"},"name":{"kind":"Name","value":"payerCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"costType"},"value":{"kind":"EnumValue","value":"JOB_COMPUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CommitChangeRequestMutation, CommitChangeRequestMutationVariables>;
export const CreateChangeRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateChangeRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateChangeRequestInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createChangeRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"types"}}]}},{"kind":"Field","name":{"kind":"Name","value":"approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<CreateChangeRequestMutation, CreateChangeRequestMutationVariables>;
export const DashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dashboard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"memberAbilities"}},{"kind":"Field","name":{"kind":"Name","value":"collaboration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"protectedQueries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"receivers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"protectedJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"receivers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"collaborations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"analyticsEngine"}},{"kind":"Field","name":{"kind":"Name","value":"creatorDisplayName"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"abilities"}},{"kind":"Field","name":{"kind":"Name","value":"isFederated"}}]}},{"kind":"Field","name":{"kind":"Name","value":"payerCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"costType"},"value":{"kind":"EnumValue","value":"QUERY_COMPUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultPayer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"costType"},"value":{"kind":"EnumValue","value":"QUERY_COMPUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changeRequests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"PENDING"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"types"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"isFederated"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;
export const MembershipActivityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MembershipActivity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"membershipId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},"defaultValue":{"kind":"StringValue","value":"bbbbbbbb-0002-4000-8000-000000000003","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProtectedRunKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProtectedRunStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"membership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"membershipId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"collaboration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"runStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MembershipActivityQuery, MembershipActivityQueryVariables>;
export const MembershipRunActivityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MembershipRunActivity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"membershipId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},"defaultValue":{"kind":"StringValue","value":"bbbbbbbb-0002-4000-8000-000000000003","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"membershipId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"membershipId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"membershipId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"runStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<MembershipRunActivitySubscription, MembershipRunActivitySubscriptionVariables>;
export const PendingApprovalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PendingApprovals"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pendingApprovals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"changeRequest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"collaborationId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"types"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"collaboration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"voterAccountIds"}},{"kind":"Field","name":{"kind":"Name","value":"voters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requester"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"ageSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"memberChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"addsMember"}},{"kind":"Field","name":{"kind":"Name","value":"payerCandidaciesAdded"}},{"kind":"Field","name":{"kind":"Name","value":"payerCandidaciesRemoved"}},{"kind":"Field","name":{"kind":"Name","value":"abilitiesAdded"}},{"kind":"Field","name":{"kind":"Name","value":"abilitiesRemoved"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<PendingApprovalsQuery, PendingApprovalsQueryVariables>;
export const QueryStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"QueryStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"membershipId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protectedQueryStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"membershipId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"membershipId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalDurationInMillis"}}]}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"output"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"s3"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}}]}},{"kind":"Field","name":{"kind":"Name","value":"memberList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<QueryStatusSubscription, QueryStatusSubscriptionVariables>;
export const RunActivityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RunActivity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},"defaultValue":{"kind":"StringValue","value":"aaaaaaaa-0002-4000-8000-000000000002","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"collaborationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"membershipId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"runStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<RunActivitySubscription, RunActivitySubscriptionVariables>;
export const StartQueryWithPayerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartQueryWithPayer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartProtectedQueryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startProtectedQuery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"membershipId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"receivers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<StartQueryWithPayerMutation, StartQueryWithPayerMutationVariables>;