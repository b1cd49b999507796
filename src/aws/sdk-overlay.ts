/**
 * Teaches `@aws-sdk/client-cleanrooms` the members AWS added on 2026-05-21.
 *
 * The pinned SDK (3.1048.0) predates that update. Its serde is driven by
 * static schema tuples `[3, namespace, name, traits, memberNames[],
 * memberSchemas[], requiredCount?]`, and any member missing from a tuple is
 * silently dropped in both directions (request bodies and parsed responses).
 * We append the missing members to the SDK's own exported tuples (the very
 * objects its commands use), guarded by name, so the overlay is idempotent and
 * turns into a no-op once the SDK ships them itself. Appending at the end
 * leaves the required-member prefix count intact.
 *
 * The wire model of record is src/emulator/models/cleanrooms-2022-02-17.structure.json.
 * Importing this module applies the overlay; import it before the first `send()`.
 */
import {
  ChangeType,
  MembershipJobComputePaymentConfig$,
  MembershipMLPaymentConfig$,
  MembershipQueryComputePaymentConfig$,
  MemberChangeSpecification$,
  MLMemberAbilities$,
  PaymentConfiguration$,
  ProtectedJob$,
  ProtectedJobSummary$,
  ProtectedQuery$,
  ProtectedQuerySummary$,
  StartProtectedJobInput$,
  StartProtectedQueryInput$,
  UpdateMembershipInput$,
  type MembershipJobComputePaymentConfig,
  type MembershipMLPaymentConfig,
  type MembershipQueryComputePaymentConfig,
  type MLMemberAbilities,
  type PaymentConfiguration,
} from "@aws-sdk/client-cleanrooms";

type StructSchema = typeof StartProtectedQueryInput$;
type MemberSchema = StructSchema[5][number];

/** The SDK lacks this structure entirely; built the way its codegen builds one (no required members). */
const UpdateMembershipPaymentConfiguration$: StructSchema = [
  3,
  "com.amazonaws.cleanrooms",
  "UpdateMembershipPaymentConfiguration",
  0,
  ["queryCompute", "machineLearning", "jobCompute"],
  [() => MembershipQueryComputePaymentConfig$, () => MembershipMLPaymentConfig$, () => MembershipJobComputePaymentConfig$],
];

/** [structure, member name, member schema]; `0` is the SDK's schema for a plain string. */
const MISSING: ReadonlyArray<readonly [StructSchema, string, MemberSchema]> = [
  [StartProtectedQueryInput$, "queryComputePayerAccountId", 0],
  [ProtectedQuery$, "queryComputePayerAccountId", 0],
  [ProtectedQuerySummary$, "queryComputePayerAccountId", 0],
  [StartProtectedJobInput$, "jobComputePayerAccountId", 0],
  [ProtectedJob$, "jobComputePayerAccountId", 0],
  [ProtectedJobSummary$, "jobComputePayerAccountId", 0],
  [MemberChangeSpecification$, "mlMemberAbilities", () => MLMemberAbilities$],
  [MemberChangeSpecification$, "paymentConfiguration", () => PaymentConfiguration$],
  [UpdateMembershipInput$, "membershipPaymentConfiguration", () => UpdateMembershipPaymentConfiguration$],
];

const added: string[] = [];

/**
 * Appends every member in MISSING that the loaded SDK's schema lacks.
 * Safe to call any number of times: a member already present is left alone.
 */
export function applySdkOverlay(): void {
  for (const [schema, member, memberSchema] of MISSING) {
    const [, , structName, , names, schemas] = schema;
    if (names.includes(member)) continue;
    names.push(member);
    schemas.push(memberSchema);
    added.push(`${structName}.${member}`);
  }
}

/**
 * The members this process's overlay actually added, as "Structure.member"
 * (e.g. "StartProtectedQueryInput.queryComputePayerAccountId"). Empty once the
 * SDK carries them all natively.
 */
export function overlayAdditions(): readonly string[] {
  return [...added];
}

/**
 * ChangeType including the 2026-05-21 values. The SDK's `ChangeType` is a
 * const plus a type alias, neither of which can be augmented; enum values are
 * plain strings on the wire, so only typing is affected (e.g. `Change.types`
 * may hold values outside the SDK's union).
 */
export const ChangeTypeV2 = {
  ...ChangeType,
  ADD_PAYER_CANDIDATE: "ADD_PAYER_CANDIDATE",
  REMOVE_PAYER_CANDIDATE: "REMOVE_PAYER_CANDIDATE",
  GRANT_CAN_RECEIVE_MODEL_OUTPUT: "GRANT_CAN_RECEIVE_MODEL_OUTPUT",
  GRANT_CAN_RECEIVE_INFERENCE_OUTPUT: "GRANT_CAN_RECEIVE_INFERENCE_OUTPUT",
  REVOKE_CAN_RECEIVE_MODEL_OUTPUT: "REVOKE_CAN_RECEIVE_MODEL_OUTPUT",
  REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT: "REVOKE_CAN_RECEIVE_INFERENCE_OUTPUT",
} as const;
export type ChangeTypeV2 = (typeof ChangeTypeV2)[keyof typeof ChangeTypeV2];

/** Payment settings a member may change on its own membership (every part optional). */
export interface UpdateMembershipPaymentConfiguration {
  queryCompute?: MembershipQueryComputePaymentConfig | undefined;
  machineLearning?: MembershipMLPaymentConfig | undefined;
  jobCompute?: MembershipJobComputePaymentConfig | undefined;
}

// The matching TypeScript members, merged into the SDK's interfaces.
declare module "@aws-sdk/client-cleanrooms" {
  interface StartProtectedQueryInput {
    /** Account that pays for this query's compute (must be a payer candidate). */
    queryComputePayerAccountId?: string | undefined;
  }
  interface ProtectedQuery {
    queryComputePayerAccountId?: string | undefined;
  }
  interface ProtectedQuerySummary {
    queryComputePayerAccountId?: string | undefined;
  }
  interface StartProtectedJobInput {
    /** Account that pays for this job's compute (must be a payer candidate). */
    jobComputePayerAccountId?: string | undefined;
  }
  interface ProtectedJob {
    jobComputePayerAccountId?: string | undefined;
  }
  interface ProtectedJobSummary {
    jobComputePayerAccountId?: string | undefined;
  }
  interface MemberChangeSpecification {
    mlMemberAbilities?: MLMemberAbilities | undefined;
    paymentConfiguration?: PaymentConfiguration | undefined;
  }
  interface UpdateMembershipInput {
    membershipPaymentConfiguration?: UpdateMembershipPaymentConfiguration | undefined;
  }
}

applySdkOverlay();
