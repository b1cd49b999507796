/**
 * The life of a protected query or job, read off the clock (no timers).
 *
 * A started run is SUBMITTED until `startAt`, STARTED until `finishAt`, then
 * SUCCESS, or FAILED when its input carried the failure marker (see
 * run-inputs.ts). A cancel request wins over the schedule: from
 * `cancelRequestedAt` the run is CANCELLING for `cancelAfterMs`, then
 * CANCELLED. Seeded runs keep their scenario status (`frozenStatus`) until
 * someone cancels them, after which they follow the same cancel path.
 *
 * Readings where AWS is silent:
 * - Cancelling is accepted while SUBMITTED or STARTED; on CANCELLING or
 *   CANCELLED it changes nothing (idempotent); on SUCCESS, FAILED or
 *   TIMED_OUT it is refused.
 * - Terminal runs (SUCCESS, FAILED, CANCELLED, TIMED_OUT) carry statistics:
 *   totalDurationInMillis from submission to the end, and
 *   billedResourceUtilization.units in CRPU-hours: workers × the worker
 *   size (CR.1X = 1, CR.4X = 4, CR.8X = 8) × hours spent running (from
 *   `startAt` until it finished or a cancel was asked for).
 * - Only SUCCESS carries a result; FAILED carries the error; CANCELLED and
 *   TIMED_OUT carry neither.
 */
import type { RunSchedule } from "../cleanrooms/context";
import type { RunRecord } from "../state";

export type RunStatus = "SUBMITTED" | "STARTED" | "CANCELLING" | "CANCELLED" | "FAILED" | "SUCCESS" | "TIMED_OUT";

type Timeline = Pick<RunRecord, "createTime" | "startAt" | "finishAt" | "frozenStatus" | "cancelRequestedAt">;

/** When a run submitted now turns STARTED and finishes. */
export function scheduleRun(now: number, schedule: RunSchedule): { startAt: number; finishAt: number } {
  return { startAt: now + schedule.startAfterMs, finishAt: now + schedule.finishAfterMs };
}

export function statusAt(run: Timeline & Pick<RunRecord, "fails">, now: number, schedule: RunSchedule): RunStatus {
  if (run.cancelRequestedAt !== undefined) {
    return now < run.cancelRequestedAt + schedule.cancelAfterMs ? "CANCELLING" : "CANCELLED";
  }
  if (run.frozenStatus !== undefined) return run.frozenStatus as RunStatus;
  if (now < run.startAt) return "SUBMITTED";
  if (now < run.finishAt) return "STARTED";
  return run.fails ? "FAILED" : "SUCCESS";
}

/** What a request to cancel does in a status: record the request, change nothing, or refuse. */
export function cancelAction(status: RunStatus): "request" | "unchanged" | "refuse" {
  switch (status) {
    case "SUBMITTED":
    case "STARTED":
      return "request";
    case "CANCELLING":
    case "CANCELLED":
      return "unchanged";
    case "SUCCESS":
    case "FAILED":
    case "TIMED_OUT":
      return "refuse";
  }
}

export const isTerminal = (status: RunStatus): boolean =>
  status === "SUCCESS" || status === "FAILED" || status === "CANCELLED" || status === "TIMED_OUT";

export interface Workers {
  type: string;
  number: number;
}

const WORKER_SIZE: Record<string, number> = { "CR.1X": 1, "CR.4X": 4, "CR.8X": 8 };
const HOUR_MS = 3_600_000;

/** Statistics of a terminal run, as the wire carries them. */
export function runStatistics(run: Timeline, status: RunStatus, workers: Workers, schedule: RunSchedule) {
  const cancelledAt = run.cancelRequestedAt;
  const end = status === "CANCELLED" && cancelledAt !== undefined ? cancelledAt + schedule.cancelAfterMs : run.finishAt;
  const stoppedAt = cancelledAt !== undefined ? Math.min(cancelledAt, run.finishAt) : run.finishAt;
  const runningMs = Math.max(0, stoppedAt - run.startAt);
  return {
    totalDurationInMillis: end - run.createTime,
    billedResourceUtilization: { units: (workers.number * WORKER_SIZE[workers.type] * runningMs) / HOUR_MS },
  };
}

/** The error a FAILED run carries: started runs fail only through the failure marker; seeded ones by the scenario. */
export function runError(run: Pick<RunRecord, "frozenStatus">): { code: string; message: string } {
  return run.frozenStatus === undefined
    ? { code: "EMULATOR_INJECTED_FAILURE", message: "The run failed because its input contains the emulator's failure marker EMULATOR_FAIL." }
    : { code: "EMULATOR_SEEDED_FAILURE", message: "The scenario seeds this run as FAILED." };
}

interface S3Target {
  bucket: string;
  keyPrefix?: string;
  resultFormat?: string;
  singleFileOutput?: boolean;
}
/** Wire-form output configuration of a query (s3, member, distribute) or a job (s3, member). */
export interface OutputConfiguration {
  s3?: S3Target;
  member?: { accountId: string };
  distribute?: { locations: { s3?: S3Target; member?: { accountId: string } }[] };
}

/** Where a run's results are written: the bucket, the prefix, then a folder named after the run. */
export function s3Location(runId: string, target: S3Target): string {
  const prefix = (target.keyPrefix ?? "").replace(/^\/+|\/+$/g, "");
  return `s3://${target.bucket}/${prefix ? `${prefix}/` : ""}${runId}/`;
}

/** The result output of a successful run, from where its configuration sent it. */
export function resultOutput(runId: string, output: OutputConfiguration) {
  if (output.s3) return { s3: { location: s3Location(runId, output.s3) } };
  if (output.member) return { memberList: [{ accountId: output.member.accountId }] };
  const locations = output.distribute?.locations ?? [];
  const s3 = locations.find((l) => l.s3)?.s3;
  const members = locations.flatMap((l) => (l.member ? [{ accountId: l.member.accountId }] : []));
  return {
    distribute: {
      ...(s3 ? { s3: { location: s3Location(runId, s3) } } : {}),
      ...(members.length > 0 ? { memberList: members } : {}),
    },
  };
}
