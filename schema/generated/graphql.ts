/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Whether the gateway can currently act as a federated account (its role could be assumed). */
export type AccountStatus =
  | 'AVAILABLE'
  | 'UNAVAILABLE';

export type ApprovalStatus =
  | 'APPROVED'
  | 'DENIED'
  | 'PENDING';

export type AutoApprovedChangeType =
  | 'ADD_MEMBER'
  | 'GRANT_RECEIVE_RESULTS_ABILITY'
  | 'REVOKE_RECEIVE_RESULTS_ABILITY';

export type ChangeInput = {
  collaboration?: CollaborationChangeSpecificationInput | null | undefined;
  member?: MemberChangeSpecificationInput | null | undefined;
  specificationType: ChangeSpecificationType;
};

export type ChangeRequestStatus =
  | 'APPROVED'
  | 'CANCELLED'
  | 'COMMITTED'
  | 'DENIED'
  | 'PENDING';

export type ChangeSpecificationType =
  | 'COLLABORATION'
  | 'MEMBER';

export type ChangeType =
  | 'ADD_MEMBER'
  | 'ADD_PAYER_CANDIDATE'
  | 'EDIT_AUTO_APPROVED_CHANGE_TYPES'
  | 'GRANT_CAN_RECEIVE_INFERENCE_OUTPUT'
  | 'GRANT_CAN_RECEIVE_MODEL_OUTPUT'
  | 'GRANT_RECEIVE_RESULTS_ABILITY'
  | 'REMOVE_PAYER_CANDIDATE'
  | 'REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT'
  | 'REVOKE_CAN_RECEIVE_MODEL_OUTPUT'
  | 'REVOKE_RECEIVE_RESULTS_ABILITY';

export type CollaborationChangeSpecificationInput = {
  autoApprovedChangeTypes: Array<AutoApprovedChangeType>;
};

export type ComputeConfigurationInput = {
  worker: WorkerComputeConfigurationInput;
};

export type CreateChangeRequestInput = {
  changes: Array<ChangeInput>;
  collaborationId: string | number;
};

export type CustomMlMemberAbility =
  | 'CAN_RECEIVE_INFERENCE_OUTPUT'
  | 'CAN_RECEIVE_MODEL_OUTPUT';

export type KeyValueInput = {
  key: string;
  value: string;
};

export type MlPaymentConfigurationInput = {
  modelInference?: PaymentResponsibilityInput | null | undefined;
  modelTraining?: PaymentResponsibilityInput | null | undefined;
  syntheticDataGeneration?: PaymentResponsibilityInput | null | undefined;
};

export type MemberAbility =
  | 'CAN_QUERY'
  | 'CAN_RECEIVE_RESULTS'
  | 'CAN_RUN_JOB';

export type MemberChangeSpecificationInput = {
  accountId: string;
  displayName?: string | null | undefined;
  memberAbilities: Array<MemberAbility>;
  mlMemberAbilities?: Array<CustomMlMemberAbility> | null | undefined;
  paymentConfiguration?: PaymentConfigurationInput | null | undefined;
};

export type MemberOutputInput = {
  accountId: string;
};

export type MemberStatus =
  | 'ACTIVE'
  | 'INVITED'
  | 'LEFT'
  | 'REMOVED';

export type MembershipStatus =
  | 'ACTIVE'
  | 'COLLABORATION_DELETED'
  | 'REMOVED';

export type PaymentConfigurationInput = {
  jobCompute?: PaymentResponsibilityInput | null | undefined;
  machineLearning?: MlPaymentConfigurationInput | null | undefined;
  queryCompute: PaymentResponsibilityInput;
};

export type PaymentResponsibilityInput = {
  isResponsible: boolean;
};

export type ProtectedJobStatus =
  | 'CANCELLED'
  | 'CANCELLING'
  | 'FAILED'
  | 'STARTED'
  | 'SUBMITTED'
  | 'SUCCESS';

export type ProtectedQueryOutputInput = {
  distribute?: Array<ProtectedQueryOutputInput> | null | undefined;
  member?: MemberOutputInput | null | undefined;
  s3?: S3OutputInput | null | undefined;
};

export type ProtectedQueryStatus =
  | 'CANCELLED'
  | 'CANCELLING'
  | 'FAILED'
  | 'STARTED'
  | 'SUBMITTED'
  | 'SUCCESS'
  | 'TIMED_OUT';

export type ResultFormat =
  | 'CSV'
  | 'PARQUET';

export type S3OutputInput = {
  bucket: string;
  keyPrefix?: string | null | undefined;
  resultFormat: ResultFormat;
  singleFileOutput?: boolean | null | undefined;
};

export type SqlParametersInput = {
  analysisTemplateArn?: string | null | undefined;
  parameters?: Array<KeyValueInput> | null | undefined;
  queryString?: string | null | undefined;
};

export type StartProtectedQueryInput = {
  computeConfiguration?: ComputeConfigurationInput | null | undefined;
  /** A retry that repeats this key starts nothing new and returns the first result. */
  idempotencyKey?: string | null | undefined;
  membershipId: string | number;
  output?: ProtectedQueryOutputInput | null | undefined;
  /** The member who pays the query compute; must be one of the collaboration's payer candidates. */
  payerAccountId?: string | null | undefined;
  sqlParameters: SqlParametersInput;
};

export type WorkerComputeConfigurationInput = {
  number: number;
  properties?: Array<KeyValueInput> | null | undefined;
  type: WorkerComputeType;
};

export type WorkerComputeType =
  | 'CR_1X'
  | 'CR_4X'
  | 'CR_8X';

export type ApproveChangeRequestMutationVariables = Exact<{
  collaborationId: string | number;
  changeRequestId: string | number;
  asAccountId?: string | null | undefined;
}>;


export type ApproveChangeRequestMutation = { approveChangeRequest: { id: string, status: ChangeRequestStatus, approvals: Array<{ accountId: string, status: ApprovalStatus, member: { displayName: string } | null }> } };

export type CommitChangeRequestMutationVariables = Exact<{
  collaborationId: string | number;
  changeRequestId: string | number;
}>;


export type CommitChangeRequestMutation = { commitChangeRequest: { id: string, status: ChangeRequestStatus, collaboration: { name: string, queryPayers: Array<{ accountId: string, displayName: string }>, jobPayers: Array<{ accountId: string, displayName: string }> } } };

export type CreateChangeRequestMutationVariables = Exact<{
  input: CreateChangeRequestInput;
}>;


export type CreateChangeRequestMutation = { createChangeRequest: { id: string, status: ChangeRequestStatus, changes: Array<{ types: Array<ChangeType> }>, approvals: Array<{ accountId: string, status: ApprovalStatus }> } };

export type DashboardQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardQuery = { accounts: Array<{ accountId: string, alias: string | null, status: AccountStatus, memberships: { nodes: Array<{ id: string, status: MembershipStatus, memberAbilities: Array<MemberAbility>, collaboration: { id: string, name: string }, protectedQueries: { nodes: Array<{ id: string, status: ProtectedQueryStatus, createTime: string, payer: { accountId: string, displayName: string } | null, receivers: Array<{ accountId: string, displayName: string }> }> }, protectedJobs: { nodes: Array<{ id: string, status: ProtectedJobStatus, createTime: string, payer: { accountId: string, displayName: string } | null, receivers: Array<{ accountId: string, displayName: string }> }> } }> } }>, collaborations: { nodes: Array<{ id: string, name: string, analyticsEngine: string | null, creatorDisplayName: string, createTime: string, members: Array<{ accountId: string, displayName: string, status: MemberStatus, abilities: Array<MemberAbility>, isFederated: boolean }>, payerCandidates: Array<{ accountId: string }>, defaultPayer: { accountId: string } | null, changeRequests: { nodes: Array<{ id: string, status: ChangeRequestStatus, changes: Array<{ types: Array<ChangeType>, member: { accountId: string, member: { displayName: string } | null } | null }>, approvals: Array<{ accountId: string, status: ApprovalStatus, member: { displayName: string, isFederated: boolean } | null }> }> } }> } };

export type QueryStatusSubscriptionVariables = Exact<{
  membershipId: string | number;
  id: string | number;
}>;


export type QueryStatusSubscription = { protectedQueryStatusChanged: { id: string, status: ProtectedQueryStatus, payer: { accountId: string, displayName: string } | null, statistics: { totalDurationInMillis: number | null } | null, result: { output: { s3: { location: string } | null, memberList: Array<{ accountId: string }> | null } } | null, error: { code: string, message: string } | null } };

export type StartQueryWithPayerMutationVariables = Exact<{
  input: StartProtectedQueryInput;
}>;


export type StartQueryWithPayerMutation = { startProtectedQuery: { id: string, membershipId: string, status: ProtectedQueryStatus, createTime: string, payer: { accountId: string, displayName: string } | null, receivers: Array<{ accountId: string, displayName: string }> } };


export const ApproveChangeRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveChangeRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"changeRequestId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asAccountId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveChangeRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"collaborationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"changeRequestId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"changeRequestId"}}},{"kind":"Argument","name":{"kind":"Name","value":"asAccountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asAccountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ApproveChangeRequestMutation, ApproveChangeRequestMutationVariables>;
export const CommitChangeRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CommitChangeRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"changeRequestId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"commitChangeRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"collaborationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"collaborationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"changeRequestId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"changeRequestId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"collaboration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","alias":{"kind":"Name","value":"queryPayers"},"name":{"kind":"Name","value":"payerCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"costType"},"value":{"kind":"EnumValue","value":"QUERY_COMPUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"jobPayers"},"name":{"kind":"Name","value":"payerCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"costType"},"value":{"kind":"EnumValue","value":"JOB_COMPUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CommitChangeRequestMutation, CommitChangeRequestMutationVariables>;
export const CreateChangeRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateChangeRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateChangeRequestInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createChangeRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"types"}}]}},{"kind":"Field","name":{"kind":"Name","value":"approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<CreateChangeRequestMutation, CreateChangeRequestMutationVariables>;
export const DashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dashboard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"memberAbilities"}},{"kind":"Field","name":{"kind":"Name","value":"collaboration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"protectedQueries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"receivers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"protectedJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"receivers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"collaborations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"analyticsEngine"}},{"kind":"Field","name":{"kind":"Name","value":"creatorDisplayName"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"abilities"}},{"kind":"Field","name":{"kind":"Name","value":"isFederated"}}]}},{"kind":"Field","name":{"kind":"Name","value":"payerCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"costType"},"value":{"kind":"EnumValue","value":"QUERY_COMPUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultPayer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"costType"},"value":{"kind":"EnumValue","value":"QUERY_COMPUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changeRequests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"PENDING"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"types"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"isFederated"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;
export const QueryStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"QueryStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"membershipId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protectedQueryStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"membershipId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"membershipId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalDurationInMillis"}}]}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"output"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"s3"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}}]}},{"kind":"Field","name":{"kind":"Name","value":"memberList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<QueryStatusSubscription, QueryStatusSubscriptionVariables>;
export const StartQueryWithPayerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartQueryWithPayer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartProtectedQueryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startProtectedQuery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"membershipId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"payer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"receivers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<StartQueryWithPayerMutation, StartQueryWithPayerMutationVariables>;