/**
 * Checks on StartProtectedQuery / StartProtectedJob inputs beyond what the
 * model's shapes say (the protocol layer checks those first: enums, UUID
 * and 12-digit account patterns, at most 50 Spark properties with keys of
 * 1–200 and values of 0–500 characters). Each problem names its field path.
 *
 * Readings where AWS is silent or documents only in prose:
 * - Worker numbers are limited as AWS's API reference says: 2–400 for SQL
 *   queries, 4–128 for PySpark jobs. Without a compute configuration a run is
 *   billed as the smallest one allowed (SQL: 2 × CR.1X; PySpark: 4 × CR.1X).
 * - sqlParameters must hold exactly one of a non-empty queryString and an
 *   analysisTemplateArn.
 * - Whoever receives results must be an active member with
 *   CAN_RECEIVE_RESULTS; results go to S3 only for a runner who can receive
 *   them. A distribute output has at most one S3 location. The emulator has no
 *   intermediate tables, so an intermediateTable output is refused.
 * - singleFileOutput is "only supported for analyses with the Spark analytics
 *   engine": an S3 output (direct, in a distribute location, or a
 *   membership's default) that sets it, to either value, is refused unless the
 *   collaboration's analyticsEngine is SPARK (a collaboration that names no
 *   engine is not known to be Spark).
 * - Failure marker: the text EMULATOR_FAIL anywhere in the queryString or in
 *   any parameter value (sqlParameters.parameters, jobParameters.parameters)
 *   makes the run end FAILED with error code EMULATOR_INJECTED_FAILURE.
 */
import type { FieldProblem } from "../errors";
import type { ComputeConfiguration, MemberRecord } from "../state";
import type { OutputConfiguration, Workers } from "./run-lifecycle";

export type RunType = "SQL" | "PYSPARK";

const WORKER_LIMITS: Record<RunType, { min: number; max: number; fallback: Workers }> = {
  SQL: { min: 2, max: 400, fallback: { type: "CR.1X", number: 2 } },
  PYSPARK: { min: 4, max: 128, fallback: { type: "CR.1X", number: 4 } },
};

export function checkCompute(type: RunType, compute: ComputeConfiguration | undefined): FieldProblem[] {
  const n = compute?.worker?.number;
  const { min, max } = WORKER_LIMITS[type];
  if (n === undefined || (n >= min && n <= max)) return [];
  const what = type === "SQL" ? "SQL queries" : "PySpark jobs";
  return [{ name: "computeConfiguration.worker.number", message: `must be between ${min} and ${max} for ${what}; got ${n}` }];
}

/** The workers a run is billed for. */
export function effectiveWorkers(type: RunType, compute: ComputeConfiguration | undefined): Workers {
  const fallback = WORKER_LIMITS[type].fallback;
  return { type: compute?.worker?.type ?? fallback.type, number: compute?.worker?.number ?? fallback.number };
}

export function checkSqlParameters(sql: { queryString?: string; analysisTemplateArn?: string }): FieldProblem[] {
  const hasQuery = sql.queryString !== undefined && sql.queryString.length > 0;
  if (hasQuery === (sql.analysisTemplateArn !== undefined)) {
    return [{ name: "sqlParameters", message: "must set exactly one of queryString (non-empty) and analysisTemplateArn" }];
  }
  return [];
}

/** singleFileOutput set where the collaboration's engine is not Spark; `field` is the output configuration's path. */
export function checkSingleFileOutput(
  output: OutputConfiguration | undefined,
  analyticsEngine: string | undefined,
  field: string,
): FieldProblem[] {
  if (analyticsEngine === "SPARK" || !output) return [];
  const problem = (at: string): FieldProblem => ({
    name: `${at}.singleFileOutput`,
    message: `is only supported for analyses with the Spark analytics engine; this collaboration's engine is ${analyticsEngine ?? "not named"}`,
  });
  const problems: FieldProblem[] = [];
  if (output.s3?.singleFileOutput !== undefined) problems.push(problem(`${field}.s3`));
  output.distribute?.locations.forEach((l, i) => {
    if (l.s3?.singleFileOutput !== undefined) problems.push(problem(`${field}.distribute.locations[${i}].s3`));
  });
  return problems;
}

export const FAILURE_MARKER = "EMULATOR_FAIL";

export function carriesFailureMarker(params: { queryString?: string; parameters?: Record<string, string> }): boolean {
  return [params.queryString ?? "", ...Object.values(params.parameters ?? {})].some((v) => v.includes(FAILURE_MARKER));
}

export type Receivers = { ok: true; accountIds: string[] } | { ok: false; problem: FieldProblem };

/**
 * The accounts that receive a run's results. `field` is where the output
 * configuration came from in the input; undefined when it was a default, in
 * which case problems name `resultConfiguration` (the member left it out).
 */
export function resultReceivers(
  output: OutputConfiguration & { intermediateTable?: unknown },
  members: readonly MemberRecord[],
  runnerAccountId: string,
  field: string | undefined,
): Receivers {
  const at = (suffix: string) => (field ? `${field}.${suffix}` : "resultConfiguration");
  const canReceive = (accountId: string) =>
    members.some((m) => m.accountId === accountId && m.status === "ACTIVE" && m.abilities.includes("CAN_RECEIVE_RESULTS"));
  const refuse = (name: string, message: string): Receivers => ({ ok: false, problem: { name, message } });
  const runnerCannot = (name: string) =>
    refuse(name, `results go to S3 only for a runner who can receive results, and account ${runnerAccountId} cannot`);
  const memberCannot = (name: string, accountId: string) =>
    refuse(name, `account ${accountId} is not an active member with CAN_RECEIVE_RESULTS in this collaboration`);

  if (output.intermediateTable) return refuse(at("intermediateTable"), "intermediate tables are not supported by the emulator");
  if (output.s3) return canReceive(runnerAccountId) ? { ok: true, accountIds: [runnerAccountId] } : runnerCannot(at("s3"));
  if (output.member) {
    const id = output.member.accountId;
    return canReceive(id) ? { ok: true, accountIds: [id] } : memberCannot(at("member.accountId"), id);
  }
  const accountIds: string[] = [];
  let s3Seen = false;
  for (const [i, location] of (output.distribute?.locations ?? []).entries()) {
    const where = at(`distribute.locations[${i}]`);
    let id: string;
    if (location.s3) {
      if (s3Seen) return refuse(`${where}.s3`, "a distribute output may have at most one S3 location");
      if (!canReceive(runnerAccountId)) return runnerCannot(`${where}.s3`);
      s3Seen = true;
      id = runnerAccountId;
    } else {
      id = location.member!.accountId;
      if (!canReceive(id)) return memberCannot(`${where}.member.accountId`, id);
    }
    if (!accountIds.includes(id)) accountIds.push(id);
  }
  return { ok: true, accountIds };
}
