/**
 * The contract's enums. Values are AWS's own, so AWS data passes through
 * unchanged; where a GraphQL name cannot carry the AWS value (CR.1X), the
 * internal value keeps AWS's spelling and the GraphQL name uses '_'.
 * They are plain objects with a union type (not TypeScript enums), so that
 * the SDK's string unions assign to them, and they to the SDK's, without a cast.
 */
import { registerEnumType } from "type-graphql";

type ValueOf<T> = T[keyof T];

export const MemberAbility = { CAN_QUERY: "CAN_QUERY", CAN_RECEIVE_RESULTS: "CAN_RECEIVE_RESULTS", CAN_RUN_JOB: "CAN_RUN_JOB" } as const;
export type MemberAbility = ValueOf<typeof MemberAbility>;
export const CustomMLMemberAbility = { CAN_RECEIVE_MODEL_OUTPUT: "CAN_RECEIVE_MODEL_OUTPUT", CAN_RECEIVE_INFERENCE_OUTPUT: "CAN_RECEIVE_INFERENCE_OUTPUT" } as const;
export type CustomMLMemberAbility = ValueOf<typeof CustomMLMemberAbility>;
export const MemberStatus = { INVITED: "INVITED", ACTIVE: "ACTIVE", LEFT: "LEFT", REMOVED: "REMOVED" } as const;
export type MemberStatus = ValueOf<typeof MemberStatus>;
export const MembershipStatus = { ACTIVE: "ACTIVE", REMOVED: "REMOVED", COLLABORATION_DELETED: "COLLABORATION_DELETED" } as const;
export type MembershipStatus = ValueOf<typeof MembershipStatus>;
export const ChangeRequestStatus = { PENDING: "PENDING", APPROVED: "APPROVED", CANCELLED: "CANCELLED", DENIED: "DENIED", COMMITTED: "COMMITTED" } as const;
export type ChangeRequestStatus = ValueOf<typeof ChangeRequestStatus>;
export const ChangeType = {
  ADD_MEMBER: "ADD_MEMBER",
  GRANT_RECEIVE_RESULTS_ABILITY: "GRANT_RECEIVE_RESULTS_ABILITY",
  REVOKE_RECEIVE_RESULTS_ABILITY: "REVOKE_RECEIVE_RESULTS_ABILITY",
  EDIT_AUTO_APPROVED_CHANGE_TYPES: "EDIT_AUTO_APPROVED_CHANGE_TYPES",
  ADD_PAYER_CANDIDATE: "ADD_PAYER_CANDIDATE",
  REMOVE_PAYER_CANDIDATE: "REMOVE_PAYER_CANDIDATE",
  GRANT_CAN_RECEIVE_MODEL_OUTPUT: "GRANT_CAN_RECEIVE_MODEL_OUTPUT",
  GRANT_CAN_RECEIVE_INFERENCE_OUTPUT: "GRANT_CAN_RECEIVE_INFERENCE_OUTPUT",
  REVOKE_CAN_RECEIVE_MODEL_OUTPUT: "REVOKE_CAN_RECEIVE_MODEL_OUTPUT",
  REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT: "REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT",
} as const;
export type ChangeType = ValueOf<typeof ChangeType>;
export const AutoApprovedChangeType = {
  ADD_MEMBER: "ADD_MEMBER",
  GRANT_RECEIVE_RESULTS_ABILITY: "GRANT_RECEIVE_RESULTS_ABILITY",
  REVOKE_RECEIVE_RESULTS_ABILITY: "REVOKE_RECEIVE_RESULTS_ABILITY",
} as const;
export type AutoApprovedChangeType = ValueOf<typeof AutoApprovedChangeType>;
export const ChangeSpecificationType = { MEMBER: "MEMBER", COLLABORATION: "COLLABORATION" } as const;
export type ChangeSpecificationType = ValueOf<typeof ChangeSpecificationType>;
export const ApprovalStatus = { APPROVED: "APPROVED", DENIED: "DENIED", PENDING: "PENDING" } as const;
export type ApprovalStatus = ValueOf<typeof ApprovalStatus>;
export const ProtectedQueryStatus = {
  SUBMITTED: "SUBMITTED", STARTED: "STARTED", CANCELLED: "CANCELLED", CANCELLING: "CANCELLING",
  FAILED: "FAILED", SUCCESS: "SUCCESS", TIMED_OUT: "TIMED_OUT",
} as const;
export type ProtectedQueryStatus = ValueOf<typeof ProtectedQueryStatus>;
export const ProtectedJobStatus = {
  SUBMITTED: "SUBMITTED", STARTED: "STARTED", CANCELLED: "CANCELLED", CANCELLING: "CANCELLING",
  FAILED: "FAILED", SUCCESS: "SUCCESS",
} as const;
export type ProtectedJobStatus = ValueOf<typeof ProtectedJobStatus>;
export const WorkerComputeType = { CR_1X: "CR.1X", CR_4X: "CR.4X", CR_8X: "CR.8X" } as const;
export type WorkerComputeType = ValueOf<typeof WorkerComputeType>;
export const ResultFormat = { CSV: "CSV", PARQUET: "PARQUET" } as const;
export type ResultFormat = ValueOf<typeof ResultFormat>;
export const CostType = {
  QUERY_COMPUTE: "QUERY_COMPUTE", JOB_COMPUTE: "JOB_COMPUTE", MODEL_TRAINING: "MODEL_TRAINING",
  MODEL_INFERENCE: "MODEL_INFERENCE", SYNTHETIC_DATA_GENERATION: "SYNTHETIC_DATA_GENERATION",
} as const;
export type CostType = ValueOf<typeof CostType>;
export const AccountStatus = { AVAILABLE: "AVAILABLE", UNAVAILABLE: "UNAVAILABLE" } as const;
export type AccountStatus = ValueOf<typeof AccountStatus>;

const enums: [object, string, string?][] = [
  [MemberAbility, "MemberAbility"],
  [CustomMLMemberAbility, "CustomMLMemberAbility"],
  [MemberStatus, "MemberStatus"],
  [MembershipStatus, "MembershipStatus"],
  [ChangeRequestStatus, "ChangeRequestStatus"],
  [ChangeType, "ChangeType"],
  [AutoApprovedChangeType, "AutoApprovedChangeType"],
  [ChangeSpecificationType, "ChangeSpecificationType"],
  [ApprovalStatus, "ApprovalStatus"],
  [ProtectedQueryStatus, "ProtectedQueryStatus"],
  [ProtectedJobStatus, "ProtectedJobStatus"],
  [WorkerComputeType, "WorkerComputeType"],
  [ResultFormat, "ResultFormat"],
  [CostType, "CostType", "The cost types that a collaboration assigns to payers."],
  [AccountStatus, "AccountStatus", "Whether the gateway can currently act as a federated account (its role could be assumed)."],
];
for (const [e, name, description] of enums) registerEnumType(e, { name, description });
