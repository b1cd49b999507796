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

/**
 * Registers an enum with its description and one for every value (GraphiQL's
 * docs pane, generated types); `values` must name every value of the enum.
 */
function register<E extends Record<string, string>>(e: E, name: string, description: string, values: { [K in keyof E]: string }): void {
  const valuesConfig = Object.fromEntries(Object.entries(values).map(([value, d]) => [value, { description: d }])) as Record<keyof E, { description: string }>;
  registerEnumType(e, { name, description, valuesConfig });
}

register(MemberAbility, "MemberAbility", "What a member may do in a collaboration, as its creator granted it (AWS memberAbilities).", {
  CAN_QUERY: "May run protected queries (SQL) in the collaboration.",
  CAN_RECEIVE_RESULTS: "May receive the results of protected queries and jobs.",
  CAN_RUN_JOB: "May run protected jobs (PySpark) in the collaboration.",
});
register(CustomMLMemberAbility, "CustomMLMemberAbility", "What a member may receive from custom machine-learning models in a collaboration (AWS mlMemberAbilities.customMLMemberAbilities).", {
  CAN_RECEIVE_MODEL_OUTPUT: "May receive the output of model training.",
  CAN_RECEIVE_INFERENCE_OUTPUT: "May receive the output of model inference.",
});
register(MemberStatus, "MemberStatus", "Where a member stands in a collaboration (AWS MemberSummary.status).", {
  INVITED: "Invited, but has not joined yet (no membership).",
  ACTIVE: "Joined: holds a membership in the collaboration.",
  LEFT: "Left the collaboration of its own accord.",
  REMOVED: "Removed from the collaboration.",
});
register(MembershipStatus, "MembershipStatus", "The state of a membership (AWS Membership.status).", {
  ACTIVE: "The membership is in use.",
  REMOVED: "The membership has ended: its member left the collaboration or was removed.",
  COLLABORATION_DELETED: "The collaboration was deleted; the membership remains only as a record.",
});
register(ChangeRequestStatus, "ChangeRequestStatus", "Where a change request stands (AWS CollaborationChangeRequest.status). CANCELLED, DENIED and COMMITTED are final.", {
  PENDING: "Waiting for members' votes.",
  APPROVED: "Every member approved; waiting for the collaboration's creator to commit it.",
  CANCELLED: "Withdrawn by the collaboration's creator; its changes will not take effect. Final.",
  DENIED: "A member denied it; its changes will not take effect. Final.",
  COMMITTED: "Its changes have taken effect (committed by the creator, or auto-approved). Final.",
});
register(ChangeType, "ChangeType", "What a change in a change request amounts to (AWS Change.types); AWS works it out from the change's specification.", {
  ADD_MEMBER: "Adds a member to the collaboration.",
  GRANT_RECEIVE_RESULTS_ABILITY: "Grants a member CAN_RECEIVE_RESULTS.",
  REVOKE_RECEIVE_RESULTS_ABILITY: "Takes CAN_RECEIVE_RESULTS away from a member.",
  EDIT_AUTO_APPROVED_CHANGE_TYPES: "Changes which change types the collaboration approves without a vote.",
  ADD_PAYER_CANDIDATE: "Makes a member a payer candidate for a cost type (see PaymentConfiguration).",
  REMOVE_PAYER_CANDIDATE: "Stops a member being a payer candidate for a cost type.",
  GRANT_CAN_RECEIVE_MODEL_OUTPUT: "Grants a member CAN_RECEIVE_MODEL_OUTPUT.",
  GRANT_CAN_RECEIVE_INFERENCE_OUTPUT: "Grants a member CAN_RECEIVE_INFERENCE_OUTPUT.",
  REVOKE_CAN_RECEIVE_MODEL_OUTPUT: "Takes CAN_RECEIVE_MODEL_OUTPUT away from a member.",
  REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT: "Takes CAN_RECEIVE_INFERENCE_OUTPUT away from a member.",
});
register(
  AutoApprovedChangeType,
  "AutoApprovedChangeType",
  "The change types a collaboration may approve without a vote (AWS autoApprovedChangeTypes); a request made only of them takes effect at once.",
  {
    ADD_MEMBER: "Adding a member.",
    GRANT_RECEIVE_RESULTS_ABILITY: "Granting a member CAN_RECEIVE_RESULTS.",
    REVOKE_RECEIVE_RESULTS_ABILITY: "Taking CAN_RECEIVE_RESULTS away from a member.",
  },
);
register(ChangeSpecificationType, "ChangeSpecificationType", "What a change is about (AWS Change.specificationType); says which of the change's `member` and `collaboration` is set.", {
  MEMBER: "A change to one member (adding it, its abilities, payment responsibilities or display name); `member` is set.",
  COLLABORATION: "A change to the collaboration's own settings (its auto-approved change types); `collaboration` is set.",
});
register(ApprovalStatus, "ApprovalStatus", "One member's vote on a change request (AWS approvals[accountId].status).", {
  APPROVED: "The member approved the request.",
  DENIED: "The member denied the request.",
  PENDING: "The member has not voted yet.",
});
/** The statuses queries and jobs share (only a query can also time out). */
const runStatuses = (noun: string) => ({
  SUBMITTED: "Accepted by AWS; not running yet.",
  STARTED: "Running.",
  CANCELLED: "Stopped by a cancellation before it finished. Final.",
  CANCELLING: `A cancellation was requested; the ${noun} is stopping.`,
  FAILED: "Ended with an error (see `error`). Final.",
  SUCCESS: "Finished; see `result`. Final.",
});
register(ProtectedQueryStatus, "ProtectedQueryStatus", "Where a protected query stands (AWS ProtectedQuery.status). CANCELLED, FAILED, SUCCESS and TIMED_OUT are final.", {
  ...runStatuses("query"),
  TIMED_OUT: "Stopped by AWS for running too long. Final.",
});
register(ProtectedJobStatus, "ProtectedJobStatus", "Where a protected job stands (AWS ProtectedJob.status). CANCELLED, FAILED and SUCCESS are final.", runStatuses("job"));
register(
  WorkerComputeType,
  "WorkerComputeType",
  "The size of each worker that runs a query or job (AWS WorkerComputeType); the name writes '_' where AWS writes '.' (CR_1X is AWS's CR.1X).",
  {
    CR_1X: "AWS's CR.1X, the smallest worker; for SQL queries and PySpark jobs.",
    CR_4X: "AWS's CR.4X, a larger worker; for SQL queries and PySpark jobs.",
    CR_8X: "AWS's CR.8X, the largest worker; for SQL queries only.",
  },
);
register(ResultFormat, "ResultFormat", "The file format of results written to S3 (AWS ResultFormat).", {
  CSV: "Comma-separated values.",
  PARQUET: "Apache Parquet.",
});
register(CostType, "CostType", "The cost types that a collaboration assigns to payers.", {
  QUERY_COMPUTE: "Compute for protected queries (PaymentConfiguration.queryCompute).",
  JOB_COMPUTE: "Compute for protected jobs (PaymentConfiguration.jobCompute).",
  MODEL_TRAINING: "Training custom ML models (PaymentConfiguration.machineLearning.modelTraining).",
  MODEL_INFERENCE: "Inference with custom ML models (PaymentConfiguration.machineLearning.modelInference).",
  SYNTHETIC_DATA_GENERATION: "Generating synthetic data with ML (PaymentConfiguration.machineLearning.syntheticDataGeneration).",
});
register(AccountStatus, "AccountStatus", "Whether the gateway can currently act as a federated account (its role could be assumed).", {
  AVAILABLE: "The gateway can act as the account: its role is assumed and its reads succeed.",
  UNAVAILABLE:
    "The gateway cannot act as the account right now (its role cannot be assumed, or its calls keep failing); its part of the graph is missing and the response carries an ACCOUNT_UNAVAILABLE error naming it.",
});
