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
  type WorkerComputeType,
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

/** Worker types including CR.8X (SQL only), which the SDK's `WorkerComputeType` predates. */
export type WorkerComputeTypeV2 = WorkerComputeType | "CR.8X";

/**
 * A worker type as the SDK's request types spell it. The one cast of the
 * overlay: the SDK's union lacks CR.8X, and a property's type cannot be
 * widened by augmentation; on the wire the value is a plain string.
 */
export const sdkWorkerType = (type: WorkerComputeTypeV2): WorkerComputeType => type as WorkerComputeType;

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
