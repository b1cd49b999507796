/**
 * Checks on mutation inputs that the gateway makes before it writes
 * anything, so that a mistake is answered with the GraphQL field's path and
 * the allowed values instead of an AWS refusal naming AWS's own fields.
 * Plain functions over plain data: each returns the problems it finds (empty
 * when the input is fine), every problem naming its field path.
 *
 * The limits are AWS's (the 2022-02-17 model and the API reference):
 * - identifiers are lowercase UUIDs, account ids 12 digits;
 * - SQL queries run on CR.1X, CR.4X or CR.8X workers, 2–400 of them;
 *   PySpark jobs on CR.1X or CR.4X, 4–128 of them;
 * - at most 50 Spark properties, keys of 1–200 characters, values of 0–500;
 * - parameters: names of 1–100 characters [0-9a-zA-Z_], values up to 1000;
 * - a query's sqlParameters hold exactly one of a non-empty queryString and
 *   an analysisTemplateArn;
 * - an output names exactly one target (s3, member or distribute); each
 *   distribute location names exactly one of s3 and member.
 */
import type { InputProblem } from "./problems";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ANALYSIS_TEMPLATE_ARN = /^arn:aws[-a-z]*:cleanrooms:[\w]{2}-[\w]{4,9}-[\d]:[\d]{12}:membership\/[\d\w-]+\/analysistemplate\/[\d\w-]+$/;
const PARAMETER_NAME = /^[0-9a-zA-Z_]+$/;
const BUCKET = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
const KEY_PREFIX = /^[\w!.=*/-]*$/;
/** Visible ASCII: a client's UUID, ULID or request id fits. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const LIMITS = {
  sqlWorkers: { min: 2, max: 400, types: ["CR.1X", "CR.4X", "CR.8X"] },
  pysparkWorkers: { min: 4, max: 128, types: ["CR.1X", "CR.4X"] },
  sparkProperties: 50,
  sparkKey: { min: 1, max: 200 },
  sparkValue: { min: 0, max: 500 },
  parameterName: { min: 1, max: 100 },
  parameterValue: { max: 1000 },
  queryString: { max: 500_000 },
  analysisTemplateArn: { max: 200 },
  keyPrefix: { max: 512 },
} as const;

export type RunType = "SQL" | "PYSPARK";

/** A value as it may appear in a message: quoted, cut short. */
const shown = (v: unknown): string => {
  const s = typeof v === "string" ? v : String(v);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
};

/** AWS's worker type ("CR.1X") as the contract's enum spells it ("CR_1X"). */
export const graphqlWorkerType = (t: string): string => t.replace(".", "_");

const problem = (field: string, message: string): InputProblem => ({ field, message: `${field} ${message}` });

// ---- identifiers ------------------------------------------------------------

export function checkUuid(field: string, value: string | undefined | null): InputProblem[] {
  if (value === undefined || value === null) return [];
  return UUID.test(value) ? [] : [problem(field, `must be a UUID in lowercase (8-4-4-4-12 hexadecimal digits, as AWS ids are); got ${shown(value)}`)];
}

export function checkAccountId(field: string, value: string | undefined | null): InputProblem[] {
  if (value === undefined || value === null) return [];
  return ACCOUNT_ID.test(value) ? [] : [problem(field, `must be a 12-digit AWS account id; got ${shown(value)}`)];
}

export function checkIdempotencyKey(field: string, value: string | undefined | null): InputProblem[] {
  if (value === undefined || value === null) return [];
  return IDEMPOTENCY_KEY.test(value) ? [] : [problem(field, "must be 1–255 visible ASCII characters (a UUID is a good key)")];
}

export function checkAnalysisTemplateArn(field: string, value: string | undefined | null): InputProblem[] {
  if (value === undefined || value === null) return [];
  if (value.length > LIMITS.analysisTemplateArn.max || !ANALYSIS_TEMPLATE_ARN.test(value)) {
    return [problem(field, "must be an analysis template ARN (arn:aws:cleanrooms:REGION:ACCOUNT:membership/MEMBERSHIP_ID/analysistemplate/TEMPLATE_ID, at most 200 characters)")];
  }
  return [];
}

// ---- key/value lists ------------------------------------------------------------

export interface KeyValue {
  key: string;
  value: string;
}

function duplicateKeys(field: string, list: readonly KeyValue[]): InputProblem[] {
  const seen = new Set<string>();
  for (const [i, { key }] of list.entries()) {
    if (seen.has(key)) return [problem(`${field}[${i}].key`, `repeats the key ${shown(key)}; each key may appear once`)];
    seen.add(key);
  }
  return [];
}

export function checkSparkProperties(field: string, properties: readonly KeyValue[] | undefined | null): InputProblem[] {
  if (!properties) return [];
  if (properties.length > LIMITS.sparkProperties) {
    return [problem(field, `may hold at most ${LIMITS.sparkProperties} Spark properties; got ${properties.length}`)];
  }
  const out: InputProblem[] = [];
  for (const [i, { key, value }] of properties.entries()) {
    if (key.length < LIMITS.sparkKey.min || key.length > LIMITS.sparkKey.max) {
      out.push(problem(`${field}[${i}].key`, `must be ${LIMITS.sparkKey.min}–${LIMITS.sparkKey.max} characters; got ${key.length}`));
    }
    if (value.length > LIMITS.sparkValue.max) {
      out.push(problem(`${field}[${i}].value`, `must be ${LIMITS.sparkValue.min}–${LIMITS.sparkValue.max} characters; got ${value.length}`));
    }
  }
  return [...out, ...duplicateKeys(field, properties)];
}

export function checkParameters(field: string, parameters: readonly KeyValue[] | undefined | null): InputProblem[] {
  if (!parameters) return [];
  const out: InputProblem[] = [];
  for (const [i, { key, value }] of parameters.entries()) {
    if (key.length < LIMITS.parameterName.min || key.length > LIMITS.parameterName.max || !PARAMETER_NAME.test(key)) {
      out.push(problem(`${field}[${i}].key`, `must be 1–100 characters of letters, digits and _; got ${shown(key)}`));
    }
    if (value.length > LIMITS.parameterValue.max) {
      out.push(problem(`${field}[${i}].value`, `must be at most ${LIMITS.parameterValue.max} characters; got ${value.length}`));
    }
  }
  return [...out, ...duplicateKeys(field, parameters)];
}

// ---- compute --------------------------------------------------------------------

export interface WorkerInput {
  /** AWS's spelling: "CR.1X", "CR.4X", "CR.8X". */
  type: string;
  number: number;
  properties?: readonly KeyValue[] | null;
}

export function checkWorkers(field: string, runType: RunType, worker: WorkerInput | undefined | null): InputProblem[] {
  if (!worker) return [];
  const limits = runType === "SQL" ? LIMITS.sqlWorkers : LIMITS.pysparkWorkers;
  const what = runType === "SQL" ? "SQL queries" : "PySpark jobs";
  const out: InputProblem[] = [];
  if (!(limits.types as readonly string[]).includes(worker.type)) {
    out.push(problem(`${field}.type`, `must be one of ${limits.types.map(graphqlWorkerType).join(", ")} for ${what}; got ${graphqlWorkerType(worker.type)}`));
  }
  if (!Number.isInteger(worker.number) || worker.number < limits.min || worker.number > limits.max) {
    out.push(problem(`${field}.number`, `must be between ${limits.min} and ${limits.max} for ${what}; got ${worker.number}`));
  }
  return [...out, ...checkSparkProperties(`${field}.properties`, worker.properties)];
}

// ---- outputs --------------------------------------------------------------------

export interface S3OutputInput {
  resultFormat: string;
  bucket: string;
  keyPrefix?: string | null;
  singleFileOutput?: boolean | null;
}

export interface QueryOutputInput {
  s3?: S3OutputInput | null;
  member?: { accountId: string } | null;
  distribute?: readonly QueryOutputInput[] | null;
}

function checkS3(field: string, s3: S3OutputInput): InputProblem[] {
  const out: InputProblem[] = [];
  if (s3.bucket.length < 3 || s3.bucket.length > 63 || !BUCKET.test(s3.bucket) || IP_ADDRESS.test(s3.bucket)) {
    out.push(problem(`${field}.bucket`, `must be an S3 bucket name (3–63 lowercase letters, digits, dots and hyphens); got ${shown(s3.bucket)}`));
  }
  const prefix = s3.keyPrefix;
  if (prefix !== undefined && prefix !== null && (prefix.length > LIMITS.keyPrefix.max || !KEY_PREFIX.test(prefix))) {
    out.push(problem(`${field}.keyPrefix`, "must be at most 512 characters of letters, digits and _ ! . = * / -"));
  }
  return out;
}

const targets = (o: QueryOutputInput, kinds: readonly ("s3" | "member" | "distribute")[]) => kinds.filter((k) => o[k] !== undefined && o[k] !== null);

export function checkQueryOutput(field: string, output: QueryOutputInput | undefined | null): InputProblem[] {
  if (!output) return [];
  const set = targets(output, ["s3", "member", "distribute"]);
  if (set.length !== 1) {
    return [problem(field, `must set exactly one of s3, member and distribute; got ${set.length === 0 ? "none" : set.join(" and ")}`)];
  }
  if (output.s3) return checkS3(`${field}.s3`, output.s3);
  if (output.member) return checkAccountId(`${field}.member.accountId`, output.member.accountId);
  const locations = output.distribute!;
  if (locations.length === 0) return [problem(`${field}.distribute`, "must list at least one location (each with s3 or member)")];
  return locations.flatMap((location, i) => {
    const at = `${field}.distribute[${i}]`;
    const given = targets(location, ["s3", "member", "distribute"]);
    if (location.distribute) return [problem(`${at}.distribute`, "cannot be nested; a distribute location sets s3 or member")];
    if (given.length !== 1) return [problem(at, `must set exactly one of s3 and member; got ${given.length === 0 ? "none" : given.join(" and ")}`)];
    return location.s3 ? checkS3(`${at}.s3`, location.s3) : checkAccountId(`${at}.member.accountId`, location.member!.accountId);
  });
}

// ---- whole inputs ---------------------------------------------------------------

export interface SqlParametersInput {
  queryString?: string | null;
  analysisTemplateArn?: string | null;
  parameters?: readonly KeyValue[] | null;
}

export function checkSqlParameters(field: string, sql: SqlParametersInput): InputProblem[] {
  const hasQuery = sql.queryString !== undefined && sql.queryString !== null;
  const hasTemplate = sql.analysisTemplateArn !== undefined && sql.analysisTemplateArn !== null;
  if (hasQuery === hasTemplate) {
    return [problem(field, `must set exactly one of queryString and analysisTemplateArn; got ${hasQuery ? "both" : "neither"}`)];
  }
  const out: InputProblem[] = [];
  if (hasQuery) {
    const q = sql.queryString!;
    if (q.trim().length === 0) out.push(problem(`${field}.queryString`, "must not be empty"));
    if (q.length > LIMITS.queryString.max) out.push(problem(`${field}.queryString`, `must be at most ${LIMITS.queryString.max} characters; got ${q.length}`));
  }
  return [...out, ...checkAnalysisTemplateArn(`${field}.analysisTemplateArn`, sql.analysisTemplateArn), ...checkParameters(`${field}.parameters`, sql.parameters)];
}

/** What every start names besides its own parameters. */
interface StartRunInput {
  membershipId: string;
  computeConfiguration?: { worker: WorkerInput } | null;
  payerAccountId?: string | null;
  idempotencyKey?: string | null;
}

/** A start's checks in the order of its fields: the membership, the kind's own (`own`), the workers, the payer, the key. */
function checkStartRun(at: string, runType: RunType, input: StartRunInput, own: InputProblem[]): InputProblem[] {
  return [
    ...checkUuid(`${at}.membershipId`, input.membershipId),
    ...own,
    ...checkWorkers(`${at}.computeConfiguration.worker`, runType, input.computeConfiguration?.worker),
    ...checkAccountId(`${at}.payerAccountId`, input.payerAccountId),
    ...checkIdempotencyKey(`${at}.idempotencyKey`, input.idempotencyKey),
  ];
}

export interface StartQueryInput extends StartRunInput {
  sqlParameters: SqlParametersInput;
  output?: QueryOutputInput | null;
}

export function checkStartQuery(input: StartQueryInput, at = "input"): InputProblem[] {
  return checkStartRun(at, "SQL", input, [...checkSqlParameters(`${at}.sqlParameters`, input.sqlParameters), ...checkQueryOutput(`${at}.output`, input.output)]);
}

export interface StartJobInput extends StartRunInput {
  analysisTemplateArn: string;
  parameters?: readonly KeyValue[] | null;
  receiverAccountId?: string | null;
}

export function checkStartJob(input: StartJobInput, at = "input"): InputProblem[] {
  return checkStartRun(at, "PYSPARK", input, [
    ...checkAnalysisTemplateArn(`${at}.analysisTemplateArn`, input.analysisTemplateArn),
    ...checkParameters(`${at}.parameters`, input.parameters),
    ...checkAccountId(`${at}.receiverAccountId`, input.receiverAccountId),
  ]);
}

export interface MembershipPaymentInput {
  queryCompute?: { isResponsible: boolean } | null;
  machineLearning?: {
    modelTraining?: { isResponsible: boolean } | null;
    modelInference?: { isResponsible: boolean } | null;
    syntheticDataGeneration?: { isResponsible: boolean } | null;
  } | null;
  jobCompute?: { isResponsible: boolean } | null;
}

/** An update must say something: at least one cost, and a machineLearning part with at least one of its costs. */
export function checkMembershipPayment(field: string, config: MembershipPaymentInput): InputProblem[] {
  const ml = config.machineLearning;
  if (ml && !ml.modelTraining && !ml.modelInference && !ml.syntheticDataGeneration) {
    return [problem(`${field}.machineLearning`, "must set at least one of modelTraining, modelInference and syntheticDataGeneration")];
  }
  if (!config.queryCompute && !ml && !config.jobCompute) {
    return [problem(field, "must set at least one of queryCompute, machineLearning and jobCompute")];
  }
  return [];
}
