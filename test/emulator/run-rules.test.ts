import { describe, expect, it } from "vitest";
import {
  carriesFailureMarker,
  checkCompute,
  checkSqlParameters,
  effectiveWorkers,
  resultReceivers,
} from "../../src/emulator/rules/run-inputs";
import {
  cancelAction,
  isTerminal,
  resultOutput,
  runError,
  runStatistics,
  s3Location,
  scheduleRun,
  statusAt,
  type RunStatus,
} from "../../src/emulator/rules/run-lifecycle";
import type { MemberRecord } from "../../src/emulator/state";

const schedule = { startAfterMs: 2_000, finishAfterMs: 8_000, cancelAfterMs: 1_000 };
const T0 = 1_800_000_000_000;
const started = (extra: { fails?: boolean; cancelRequestedAt?: number } = {}) => ({
  createTime: T0,
  ...scheduleRun(T0, schedule),
  fails: extra.fails ?? false,
  cancelRequestedAt: extra.cancelRequestedAt,
});
const seeded = (frozenStatus: RunStatus, cancelRequestedAt?: number) => ({
  createTime: T0,
  startAt: T0,
  finishAt: T0,
  frozenStatus,
  fails: frozenStatus === "FAILED",
  cancelRequestedAt,
});

describe("statusAt", () => {
  it("follows the schedule: SUBMITTED, STARTED, then SUCCESS", () => {
    const run = started();
    expect(run.startAt).toBe(T0 + 2_000);
    expect(run.finishAt).toBe(T0 + 8_000);
    expect(statusAt(run, T0, schedule)).toBe("SUBMITTED");
    expect(statusAt(run, T0 + 1_999, schedule)).toBe("SUBMITTED");
    expect(statusAt(run, T0 + 2_000, schedule)).toBe("STARTED");
    expect(statusAt(run, T0 + 7_999, schedule)).toBe("STARTED");
    expect(statusAt(run, T0 + 8_000, schedule)).toBe("SUCCESS");
  });

  it("ends FAILED when the run fails", () => {
    expect(statusAt(started({ fails: true }), T0 + 7_999, schedule)).toBe("STARTED");
    expect(statusAt(started({ fails: true }), T0 + 8_000, schedule)).toBe("FAILED");
  });

  it("goes CANCELLING then CANCELLED after a cancel request, whatever the schedule says", () => {
    const run = started({ cancelRequestedAt: T0 + 7_500 });
    expect(statusAt(run, T0 + 8_499, schedule)).toBe("CANCELLING");
    expect(statusAt(run, T0 + 8_500, schedule)).toBe("CANCELLED");
  });

  it("keeps a seeded status until the run is cancelled", () => {
    for (const s of ["SUBMITTED", "STARTED", "CANCELLING", "CANCELLED", "FAILED", "SUCCESS", "TIMED_OUT"] as const) {
      expect(statusAt(seeded(s), T0 + 10 * 86_400_000, schedule)).toBe(s);
    }
    const cancelled = seeded("STARTED", T0 + 60_000);
    expect(statusAt(cancelled, T0 + 60_999, schedule)).toBe("CANCELLING");
    expect(statusAt(cancelled, T0 + 61_000, schedule)).toBe("CANCELLED");
  });
});

describe("cancelAction", () => {
  it("requests, leaves alone or refuses by status", () => {
    const expected: Record<RunStatus, string> = {
      SUBMITTED: "request",
      STARTED: "request",
      CANCELLING: "unchanged",
      CANCELLED: "unchanged",
      SUCCESS: "refuse",
      FAILED: "refuse",
      TIMED_OUT: "refuse",
    };
    for (const [status, action] of Object.entries(expected)) expect(cancelAction(status as RunStatus)).toBe(action);
  });

  it("calls exactly the end states terminal", () => {
    const terminal = (["SUBMITTED", "STARTED", "CANCELLING", "CANCELLED", "FAILED", "SUCCESS", "TIMED_OUT"] as const).filter(isTerminal);
    expect(terminal).toEqual(["CANCELLED", "FAILED", "SUCCESS", "TIMED_OUT"]);
  });
});

describe("runStatistics", () => {
  it("bills workers × size × running hours, and counts the duration from submission", () => {
    expect(runStatistics(started(), "SUCCESS", { type: "CR.4X", number: 10 }, schedule)).toEqual({
      totalDurationInMillis: 8_000,
      billedResourceUtilization: { units: (10 * 4 * 6_000) / 3_600_000 },
    });
    expect(runStatistics(started(), "SUCCESS", { type: "CR.8X", number: 2 }, schedule).billedResourceUtilization.units).toBe(
      (2 * 8 * 6_000) / 3_600_000,
    );
  });

  it("bills a cancelled run until the cancel request and ends it when cancelling is over", () => {
    expect(runStatistics(started({ cancelRequestedAt: T0 + 5_000 }), "CANCELLED", { type: "CR.1X", number: 4 }, schedule)).toEqual({
      totalDurationInMillis: 6_000,
      billedResourceUtilization: { units: (4 * 1 * 3_000) / 3_600_000 },
    });
  });

  it("bills nothing for a run cancelled before it started", () => {
    expect(runStatistics(started({ cancelRequestedAt: T0 + 500 }), "CANCELLED", { type: "CR.1X", number: 4 }, schedule)).toEqual({
      totalDurationInMillis: 1_500,
      billedResourceUtilization: { units: 0 },
    });
  });
});

describe("results", () => {
  it("puts S3 results in a folder named after the run under the prefix", () => {
    expect(s3Location("r1", { bucket: "b", keyPrefix: "some/prefix/" })).toBe("s3://b/some/prefix/r1/");
    expect(s3Location("r1", { bucket: "b", keyPrefix: "some/prefix" })).toBe("s3://b/some/prefix/r1/");
    expect(s3Location("r1", { bucket: "b", keyPrefix: "" })).toBe("s3://b/r1/");
    expect(s3Location("r1", { bucket: "b" })).toBe("s3://b/r1/");
  });

  it("answers each output configuration with its result output", () => {
    expect(resultOutput("r1", { s3: { bucket: "b", keyPrefix: "p" } })).toEqual({ s3: { location: "s3://b/p/r1/" } });
    expect(resultOutput("r1", { member: { accountId: "222222222222" } })).toEqual({ memberList: [{ accountId: "222222222222" }] });
    expect(
      resultOutput("r1", {
        distribute: { locations: [{ member: { accountId: "222222222222" } }, { s3: { bucket: "b" } }, { member: { accountId: "444444444444" } }] },
      }),
    ).toEqual({ distribute: { s3: { location: "s3://b/r1/" }, memberList: [{ accountId: "222222222222" }, { accountId: "444444444444" }] } });
    expect(resultOutput("r1", { distribute: { locations: [{ member: { accountId: "222222222222" } }] } })).toEqual({
      distribute: { memberList: [{ accountId: "222222222222" }] },
    });
  });

  it("tells an injected failure from a seeded one", () => {
    expect(runError({}).code).toBe("EMULATOR_INJECTED_FAILURE");
    expect(runError({}).message).toContain("EMULATOR_FAIL");
    expect(runError({ frozenStatus: "FAILED" }).code).toBe("EMULATOR_SEEDED_FAILURE");
  });
});

describe("run inputs", () => {
  it("limits SQL workers to 2–400 and PySpark workers to 4–128", () => {
    const workers = (number: number) => ({ worker: { type: "CR.1X", number } });
    expect(checkCompute("SQL", workers(2))).toEqual([]);
    expect(checkCompute("SQL", workers(400))).toEqual([]);
    expect(checkCompute("SQL", workers(401))).toEqual([
      { name: "computeConfiguration.worker.number", message: "must be between 2 and 400 for SQL queries; got 401" },
    ]);
    expect(checkCompute("PYSPARK", workers(4))).toEqual([]);
    expect(checkCompute("PYSPARK", workers(128))).toEqual([]);
    expect(checkCompute("PYSPARK", workers(129))).toEqual([
      { name: "computeConfiguration.worker.number", message: "must be between 4 and 128 for PySpark jobs; got 129" },
    ]);
    expect(checkCompute("PYSPARK", workers(3))).toHaveLength(1);
    expect(checkCompute("SQL", undefined)).toEqual([]);
    expect(checkCompute("SQL", { worker: { type: "CR.4X" } })).toEqual([]);
  });

  it("bills the smallest compute when none is given", () => {
    expect(effectiveWorkers("SQL", undefined)).toEqual({ type: "CR.1X", number: 2 });
    expect(effectiveWorkers("PYSPARK", undefined)).toEqual({ type: "CR.1X", number: 4 });
    expect(effectiveWorkers("SQL", { worker: { type: "CR.8X" } })).toEqual({ type: "CR.8X", number: 2 });
    expect(effectiveWorkers("SQL", { worker: { number: 7 } })).toEqual({ type: "CR.1X", number: 7 });
  });

  it("wants exactly one of queryString and analysisTemplateArn", () => {
    const arn = "arn:aws:cleanrooms:us-east-1:111111111111:membership/m/analysistemplate/t";
    expect(checkSqlParameters({ queryString: "SELECT 1" })).toEqual([]);
    expect(checkSqlParameters({ analysisTemplateArn: arn })).toEqual([]);
    for (const bad of [{}, { queryString: "" }, { queryString: "SELECT 1", analysisTemplateArn: arn }]) {
      expect(checkSqlParameters(bad).map((p) => p.name)).toEqual(["sqlParameters"]);
    }
  });

  it("finds the failure marker in the query string or any parameter value, and nowhere else", () => {
    expect(carriesFailureMarker({ queryString: "SELECT 1 -- EMULATOR_FAIL" })).toBe(true);
    expect(carriesFailureMarker({ queryString: "SELECT 1", parameters: { a: "x", b: "xxEMULATOR_FAILxx" } })).toBe(true);
    expect(carriesFailureMarker({ queryString: "SELECT 1", parameters: { EMULATOR_FAIL: "x" } })).toBe(false);
    expect(carriesFailureMarker({ queryString: "emulator_fail" })).toBe(false);
    expect(carriesFailureMarker({})).toBe(false);
  });
});

describe("resultReceivers", () => {
  const m = (accountId: string, status: MemberRecord["status"], abilities: MemberRecord["abilities"]): MemberRecord => ({
    accountId,
    displayName: accountId,
    status,
    abilities,
    mlAbilities: [],
    paymentConfiguration: { queryCompute: { isResponsible: false } },
    createTime: 0,
    updateTime: 0,
  });
  const runner = "111111111111";
  const members = [
    m(runner, "ACTIVE", ["CAN_QUERY", "CAN_RECEIVE_RESULTS"]),
    m("222222222222", "ACTIVE", ["CAN_RECEIVE_RESULTS"]),
    m("333333333333", "ACTIVE", []),
    m("444444444444", "INVITED", ["CAN_RECEIVE_RESULTS"]),
  ];
  const field = "resultConfiguration.outputConfiguration";

  it("sends S3 results to the runner, and member results to the member", () => {
    expect(resultReceivers({ s3: { bucket: "b" } }, members, runner, field)).toEqual({ ok: true, accountIds: [runner] });
    expect(resultReceivers({ member: { accountId: "222222222222" } }, members, runner, field)).toEqual({ ok: true, accountIds: ["222222222222"] });
  });

  it("refuses a receiver without CAN_RECEIVE_RESULTS, or not active, naming the field", () => {
    for (const accountId of ["333333333333", "444444444444", "555555555555"]) {
      const r = resultReceivers({ member: { accountId } }, members, runner, field);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.name).toBe(`${field}.member.accountId`);
    }
  });

  it("refuses S3 output for a runner that cannot receive results", () => {
    const r = resultReceivers({ s3: { bucket: "b" } }, members, "333333333333", field);
    expect(r).toEqual({
      ok: false,
      problem: { name: `${field}.s3`, message: "results go to S3 only for a runner who can receive results, and account 333333333333 cannot" },
    });
  });

  it("names resultConfiguration when the configuration was a default", () => {
    const r = resultReceivers({ member: { accountId: "333333333333" } }, members, "333333333333", undefined);
    expect(r.ok ? undefined : r.problem.name).toBe("resultConfiguration");
  });

  it("distributes to each member and, for S3, the runner, once each", () => {
    const locations = [{ member: { accountId: "222222222222" } }, { s3: { bucket: "b" } }, { member: { accountId: runner } }];
    expect(resultReceivers({ distribute: { locations } }, members, runner, field)).toEqual({ ok: true, accountIds: ["222222222222", runner] });
    const twoS3 = resultReceivers({ distribute: { locations: [{ s3: { bucket: "a" } }, { s3: { bucket: "b" } }] } }, members, runner, field);
    expect(twoS3.ok ? undefined : twoS3.problem.name).toBe(`${field}.distribute.locations[1].s3`);
    const bad = resultReceivers({ distribute: { locations: [{ member: { accountId: "333333333333" } }] } }, members, runner, field);
    expect(bad.ok ? undefined : bad.problem.name).toBe(`${field}.distribute.locations[0].member.accountId`);
  });

  it("refuses intermediate tables", () => {
    const r = resultReceivers({ intermediateTable: { id: "x" } }, members, runner, field);
    expect(r.ok ? undefined : r.problem.name).toBe(`${field}.intermediateTable`);
  });
});
