/**
 * The gateway's write inputs, as GraphQL hands them over (an optional field
 * may be null, key/value pairs are lists), in the SDK's request shapes (an
 * unset field left out, pairs as maps, a union holding exactly one member).
 * The one place such a conversion is written: CleanRoomsApi calls these.
 * The input checks (inputs/run-inputs.ts, change-inputs.ts) run first,
 * so e.g. an output names exactly one target by the time it gets here.
 */
import type {
  AutoApprovedChangeType,
  ChangeInput,
  CustomMLMemberAbility,
  MemberAbility,
  PaymentConfiguration,
  ProtectedQueryOutputConfiguration,
  ProtectedQueryS3OutputConfiguration,
  ResultFormat,
  StartProtectedJobInput,
  StartProtectedQueryInput,
} from "@aws-sdk/client-cleanrooms";
import { sdkWorkerType, type UpdateMembershipPaymentConfiguration, type WorkerComputeTypeV2 } from "./sdk-overlay";

type Maybe<T> = T | null | undefined;

export interface KeyValueRequest {
  key: string;
  value: string;
}

export interface ComputeRequest {
  worker: { type: WorkerComputeTypeV2; number: number; properties?: Maybe<readonly KeyValueRequest[]> };
}

export interface S3OutputRequest {
  resultFormat: ResultFormat;
  bucket: string;
  keyPrefix?: Maybe<string>;
  singleFileOutput?: Maybe<boolean>;
}

/** Exactly one of s3, member and distribute; a distribute location names one of s3 and member. */
export interface QueryOutputRequest {
  s3?: Maybe<S3OutputRequest>;
  member?: Maybe<{ accountId: string }>;
  distribute?: Maybe<readonly QueryOutputRequest[]>;
}

export interface StartQueryRequest {
  membershipId: string;
  sqlParameters: { queryString?: Maybe<string>; analysisTemplateArn?: Maybe<string>; parameters?: Maybe<readonly KeyValueRequest[]> };
  output?: Maybe<QueryOutputRequest>;
  computeConfiguration?: Maybe<ComputeRequest>;
}

export interface StartJobRequest {
  membershipId: string;
  analysisTemplateArn: string;
  parameters?: Maybe<readonly KeyValueRequest[]>;
  /** Where results go; AWS's default (the runner) when left out. */
  receiverAccountId?: Maybe<string>;
  computeConfiguration?: Maybe<ComputeRequest>;
}

interface Responsibility {
  isResponsible: boolean;
}

export interface MLPaymentRequest {
  modelTraining?: Maybe<Responsibility>;
  modelInference?: Maybe<Responsibility>;
  syntheticDataGeneration?: Maybe<Responsibility>;
}

/** A member's payment settings; every part optional for a membership's own update, queryCompute required in a change. */
export interface PaymentRequest {
  queryCompute?: Maybe<Responsibility>;
  machineLearning?: Maybe<MLPaymentRequest>;
  jobCompute?: Maybe<Responsibility>;
}

export interface ChangeRequestChange {
  specificationType: "MEMBER" | "COLLABORATION";
  member?: Maybe<{
    accountId: string;
    memberAbilities: readonly MemberAbility[];
    /** Left out: unchanged; given: the member's whole new setting (AWS derives the grant and revoke changes). */
    mlMemberAbilities?: Maybe<readonly CustomMLMemberAbility[]>;
    paymentConfiguration?: Maybe<PaymentRequest & { queryCompute: Responsibility }>;
    displayName?: Maybe<string>;
  }>;
  collaboration?: Maybe<{ autoApprovedChangeTypes: readonly AutoApprovedChangeType[] }>;
}

/** `{ name: value }` when the value is set, `{}` when it is null or undefined: spread into a request. */
const present = <K extends string, V>(name: K, value: Maybe<V>): { [P in K]?: V } => (value === null || value === undefined ? {} : ({ [name]: value } as { [P in K]: V }));

/** The contract's key/value list as AWS's map (keys are unique: the input checks said so first). */
export const toMap = (list: readonly KeyValueRequest[]): Record<string, string> => Object.fromEntries(list.map(({ key, value }) => [key, value]));

/** The worker of a query's or a job's compute configuration (the SDK types them apart; they are one shape). */
function worker(c: ComputeRequest) {
  const { type, number, properties } = c.worker;
  return { type: sdkWorkerType(type), number, ...(properties ? { properties: { spark: toMap(properties) } } : {}) };
}

const s3Output = (o: S3OutputRequest): ProtectedQueryS3OutputConfiguration => ({
  resultFormat: o.resultFormat,
  bucket: o.bucket,
  ...present("keyPrefix", o.keyPrefix),
  ...present("singleFileOutput", o.singleFileOutput),
});

function queryOutput(o: QueryOutputRequest): ProtectedQueryOutputConfiguration {
  if (o.s3) return { s3: s3Output(o.s3) };
  if (o.member) return { member: { accountId: o.member.accountId } };
  const locations = (o.distribute ?? []).map((l) => (l.s3 ? { s3: s3Output(l.s3) } : { member: { accountId: l.member!.accountId } }));
  return { distribute: { locations } };
}

/** StartProtectedQuery's input; the payer is sent only when the caller named one. */
export function startQueryInput(i: StartQueryRequest, payerAccountId: string | undefined): StartProtectedQueryInput {
  const sql = i.sqlParameters;
  return {
    type: "SQL",
    membershipIdentifier: i.membershipId,
    sqlParameters: {
      ...present("queryString", sql.queryString),
      ...present("analysisTemplateArn", sql.analysisTemplateArn),
      ...(sql.parameters ? { parameters: toMap(sql.parameters) } : {}),
    },
    ...(i.output ? { resultConfiguration: { outputConfiguration: queryOutput(i.output) } } : {}),
    ...(i.computeConfiguration ? { computeConfiguration: { worker: worker(i.computeConfiguration) } } : {}),
    ...present("queryComputePayerAccountId", payerAccountId),
  };
}

/** StartProtectedJob's input; the payer is sent only when the caller named one. */
export function startJobInput(i: StartJobRequest, payerAccountId: string | undefined): StartProtectedJobInput {
  return {
    type: "PYSPARK",
    membershipIdentifier: i.membershipId,
    jobParameters: { analysisTemplateArn: i.analysisTemplateArn, ...(i.parameters ? { parameters: toMap(i.parameters) } : {}) },
    ...(i.receiverAccountId ? { resultConfiguration: { outputConfiguration: { member: { accountId: i.receiverAccountId } } } } : {}),
    ...(i.computeConfiguration ? { computeConfiguration: { worker: worker(i.computeConfiguration) } } : {}),
    ...present("jobComputePayerAccountId", payerAccountId),
  };
}

const responsibility = (r: Maybe<Responsibility>) => (r ? { isResponsible: r.isResponsible } : undefined);

function mlPayment(ml: MLPaymentRequest) {
  return {
    ...present("modelTraining", responsibility(ml.modelTraining)),
    ...present("modelInference", responsibility(ml.modelInference)),
    ...present("syntheticDataGeneration", responsibility(ml.syntheticDataGeneration)),
  };
}

/** UpdateMembership's payment settings: the parts given, nothing else. */
export function membershipPayment(p: PaymentRequest): UpdateMembershipPaymentConfiguration {
  return {
    ...present("queryCompute", responsibility(p.queryCompute)),
    ...(p.machineLearning ? { machineLearning: mlPayment(p.machineLearning) } : {}),
    ...present("jobCompute", responsibility(p.jobCompute)),
  };
}

function memberPayment(p: PaymentRequest & { queryCompute: Responsibility }): PaymentConfiguration {
  return {
    queryCompute: { isResponsible: p.queryCompute.isResponsible },
    ...(p.machineLearning ? { machineLearning: mlPayment(p.machineLearning) } : {}),
    ...present("jobCompute", responsibility(p.jobCompute)),
  };
}

/**
 * A change as AWS takes it. mlMemberAbilities and paymentConfiguration left
 * out mean "unchanged"; given, they are the member's whole new setting
 * (ADD_PAYER_CANDIDATE / REMOVE_PAYER_CANDIDATE and the ML grants follow from
 * the difference, as AWS derives them).
 */
export function changeInput(c: ChangeRequestChange): ChangeInput {
  if (c.specificationType === "COLLABORATION") {
    return { specificationType: "COLLABORATION", specification: { collaboration: { autoApprovedChangeTypes: [...c.collaboration!.autoApprovedChangeTypes] } } };
  }
  const m = c.member!;
  return {
    specificationType: "MEMBER",
    specification: {
      member: {
        accountId: m.accountId,
        memberAbilities: [...m.memberAbilities],
        ...(m.mlMemberAbilities ? { mlMemberAbilities: { customMLMemberAbilities: [...m.mlMemberAbilities] } } : {}),
        ...(m.paymentConfiguration ? { paymentConfiguration: memberPayment(m.paymentConfiguration) } : {}),
        ...present("displayName", m.displayName),
      },
    },
  };
}
