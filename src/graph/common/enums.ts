/**
 * The contract's enums. Values are AWS's own, so AWS data passes through
 * unchanged; where a GraphQL name cannot carry the AWS value (CR.1X), the
 * internal value keeps AWS's spelling and the GraphQL name uses '_'.
 */
import { registerEnumType } from "type-graphql";

export enum MemberAbility { CAN_QUERY = "CAN_QUERY", CAN_RECEIVE_RESULTS = "CAN_RECEIVE_RESULTS", CAN_RUN_JOB = "CAN_RUN_JOB" }
export enum CustomMLMemberAbility { CAN_RECEIVE_MODEL_OUTPUT = "CAN_RECEIVE_MODEL_OUTPUT", CAN_RECEIVE_INFERENCE_OUTPUT = "CAN_RECEIVE_INFERENCE_OUTPUT" }
export enum MemberStatus { INVITED = "INVITED", ACTIVE = "ACTIVE", LEFT = "LEFT", REMOVED = "REMOVED" }
export enum MembershipStatus { ACTIVE = "ACTIVE", REMOVED = "REMOVED", COLLABORATION_DELETED = "COLLABORATION_DELETED" }
export enum ChangeRequestStatus { PENDING = "PENDING", APPROVED = "APPROVED", CANCELLED = "CANCELLED", DENIED = "DENIED", COMMITTED = "COMMITTED" }
export enum ChangeType {
  ADD_MEMBER = "ADD_MEMBER",
  GRANT_RECEIVE_RESULTS_ABILITY = "GRANT_RECEIVE_RESULTS_ABILITY",
  REVOKE_RECEIVE_RESULTS_ABILITY = "REVOKE_RECEIVE_RESULTS_ABILITY",
  EDIT_AUTO_APPROVED_CHANGE_TYPES = "EDIT_AUTO_APPROVED_CHANGE_TYPES",
  ADD_PAYER_CANDIDATE = "ADD_PAYER_CANDIDATE",
  REMOVE_PAYER_CANDIDATE = "REMOVE_PAYER_CANDIDATE",
  GRANT_CAN_RECEIVE_MODEL_OUTPUT = "GRANT_CAN_RECEIVE_MODEL_OUTPUT",
  GRANT_CAN_RECEIVE_INFERENCE_OUTPUT = "GRANT_CAN_RECEIVE_INFERENCE_OUTPUT",
  REVOKE_CAN_RECEIVE_MODEL_OUTPUT = "REVOKE_CAN_RECEIVE_MODEL_OUTPUT",
  REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT = "REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT",
}
export enum AutoApprovedChangeType {
  ADD_MEMBER = "ADD_MEMBER",
  GRANT_RECEIVE_RESULTS_ABILITY = "GRANT_RECEIVE_RESULTS_ABILITY",
  REVOKE_RECEIVE_RESULTS_ABILITY = "REVOKE_RECEIVE_RESULTS_ABILITY",
}
export enum ChangeSpecificationType { MEMBER = "MEMBER", COLLABORATION = "COLLABORATION" }
export enum ApprovalStatus { APPROVED = "APPROVED", DENIED = "DENIED", PENDING = "PENDING" }
export enum ProtectedQueryStatus {
  SUBMITTED = "SUBMITTED", STARTED = "STARTED", CANCELLED = "CANCELLED", CANCELLING = "CANCELLING",
  FAILED = "FAILED", SUCCESS = "SUCCESS", TIMED_OUT = "TIMED_OUT",
}
export enum ProtectedJobStatus {
  SUBMITTED = "SUBMITTED", STARTED = "STARTED", CANCELLED = "CANCELLED", CANCELLING = "CANCELLING",
  FAILED = "FAILED", SUCCESS = "SUCCESS",
}
export enum WorkerComputeType { CR_1X = "CR.1X", CR_4X = "CR.4X", CR_8X = "CR.8X" }
export enum ResultFormat { CSV = "CSV", PARQUET = "PARQUET" }
export enum CostType {
  QUERY_COMPUTE = "QUERY_COMPUTE", JOB_COMPUTE = "JOB_COMPUTE", MODEL_TRAINING = "MODEL_TRAINING",
  MODEL_INFERENCE = "MODEL_INFERENCE", SYNTHETIC_DATA_GENERATION = "SYNTHETIC_DATA_GENERATION",
}
export enum AccountStatus { AVAILABLE = "AVAILABLE", UNAVAILABLE = "UNAVAILABLE" }

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
