import "../../src/aws/sdk-overlay";
import { UpdateMembershipCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../support/aws-errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { HOUR_MS, runCalls, SEEDED_STATUSES, toMember, type StartOptions } from "./run-calls";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());
beforeEach(() => t.reset());

const TEMPLATE = `arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}/analysistemplate/ffffffff-0002-4000-8000-000000000001`;
/** Seeded jobs of membership m23, by the last digit of their id. */
const seeded = (n: number) => `eeeeeeee-0002-4000-8000-00000000000${n}`;

const { start, get, cancel, list, ids, refusedWithoutTrace, statuses } = runCalls(() => t, "job", { type: "PYSPARK", jobParameters: { analysisTemplateArn: TEMPLATE } });

/** The publisher's job on m23 (the collaboration where it can run jobs). */
const startOnM23 = (options: StartOptions<"job"> = {}) => start(demo.publisher, demo.m23, options);

describe("who pays", () => {
  it("charges the single job-compute candidate when none is named, on the run, on Get and in the list", async () => {
    const j = await startOnM23();
    expect(j.jobComputePayerAccountId).toBe(demo.advertiser);
    expect(j.status).toBe("SUBMITTED");
    expect(j.membershipArn).toBe(`arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}`);
    expect(j.jobParameters).toEqual({ analysisTemplateArn: TEMPLATE });
    expect((await get(demo.publisher, demo.m23, j.id!)).jobComputePayerAccountId).toBe(demo.advertiser);
    const summary = (await list(demo.publisher, demo.m23)).runs.find((s) => s.id === j.id)!;
    expect(summary).toMatchObject({ jobComputePayerAccountId: demo.advertiser, status: "SUBMITTED", createTime: j.createTime });
  });

  it("accepts the candidate by name and refuses the runner, who is not one", async () => {
    expect((await startOnM23({ jobComputePayerAccountId: demo.advertiser })).jobComputePayerAccountId).toBe(demo.advertiser);
    const e = await refusedWithoutTrace(demo.publisher, demo.m23, () => startOnM23({ jobComputePayerAccountId: demo.publisher }));
    expect(e.name).toBe("ValidationException");
    expect(e.fieldList!.map((f) => f.name)).toEqual(["jobComputePayerAccountId"]);
    expect(e.message).toContain(`the candidates are ${demo.advertiser}`);
  });
});

describe("results", () => {
  it("go to the runner when no member is named", async () => {
    const j = await startOnM23();
    expect(j.resultConfiguration).toEqual(toMember(demo.publisher));
    await t.advance(8_000);
    const done = await get(demo.publisher, demo.m23, j.id!);
    expect(done.status).toBe("SUCCESS");
    expect(done.result).toEqual({ output: { memberList: [{ accountId: demo.publisher }] } });
    // No compute configuration: billed as the PySpark minimum, 4 CR.1X workers.
    expect(done.statistics).toEqual({ totalDurationInMillis: 8_000, billedResourceUtilization: { units: (4 * 6_000) / HOUR_MS } });
    const summary = (await list(demo.publisher, demo.m23)).runs.find((s) => s.id === j.id)!;
    expect(summary.receiverConfigurations).toEqual([
      { analysisType: "DIRECT_ANALYSIS", configurationDetails: { directAnalysisConfigurationDetails: { receiverAccountIds: [demo.publisher] } } },
    ]);
  });

  it("go to the named member", async () => {
    const j = await startOnM23({ resultConfiguration: toMember(demo.advertiser) });
    await t.advance(8_000);
    expect((await get(demo.publisher, demo.m23, j.id!)).result).toEqual({ output: { memberList: [{ accountId: demo.advertiser }] } });
  });

  it("go only to an active member who can receive them", async () => {
    // The analytics account is only invited to this collaboration.
    for (const accountId of [demo.analytics, "555555555555"]) {
      const e = await refusedWithoutTrace(demo.publisher, demo.m23, () => startOnM23({ resultConfiguration: toMember(accountId) }));
      expect(e.name).toBe("ValidationException");
      expect(e.fieldList!.map((f) => f.name)).toEqual(["resultConfiguration.outputConfiguration.member.accountId"]);
    }
  });

  it("go to the membership's default S3 location when set", async () => {
    const client = await t.cleanrooms(demo.publisher);
    await client.send(
      new UpdateMembershipCommand({
        membershipIdentifier: demo.m23,
        defaultJobResultConfiguration: {
          outputConfiguration: { s3: { bucket: "publisher-jobs", keyPrefix: "spark" } },
          roleArn: `arn:aws:iam::${demo.publisher}:role/CleanRoomsJobResults`,
        },
      }),
    );
    const j = await startOnM23();
    expect(j.resultConfiguration).toEqual({ outputConfiguration: { s3: { bucket: "publisher-jobs", keyPrefix: "spark" } } });
    await t.advance(8_000);
    expect((await get(demo.publisher, demo.m23, j.id!)).result).toEqual({ output: { s3: { location: `s3://publisher-jobs/spark/${j.id}/` } } });
  });
});

describe("lifecycle", () => {
  it("goes SUBMITTED, STARTED, SUCCESS with the clock and bills its workers", async () => {
    const j = await startOnM23({ computeConfiguration: { worker: { type: "CR.4X", number: 8 } } });
    const done = await statuses(demo.publisher, demo.m23, j.id!, [[1_999, "SUBMITTED"], [1, "STARTED"], [5_999, "STARTED"], [1, "SUCCESS"]]);
    expect(done.computeConfiguration).toEqual({ worker: { type: "CR.4X", number: 8 } });
    expect(done.statistics).toEqual({ totalDurationInMillis: 8_000, billedResourceUtilization: { units: (8 * 4 * 6_000) / HOUR_MS } });
    expect(done.error).toBeUndefined();
  });

  it("ends FAILED with an error when a job parameter carries the failure marker", async () => {
    const j = await startOnM23({ jobParameters: { analysisTemplateArn: TEMPLATE, parameters: { segment: "sports", mode: "EMULATOR_FAIL" } } });
    await t.advance(8_000);
    const failed = await get(demo.publisher, demo.m23, j.id!);
    expect(failed.status).toBe("FAILED");
    expect(failed.error!.code).toBe("EMULATOR_INJECTED_FAILURE");
    expect(failed.result).toBeUndefined();
    expect(failed.jobParameters).toEqual({ analysisTemplateArn: TEMPLATE, parameters: { segment: "sports", mode: "EMULATOR_FAIL" } });
  });
});

describe("cancelling", () => {
  it("goes CANCELLING then CANCELLED, idempotently", async () => {
    const j = await startOnM23();
    expect((await cancel(demo.publisher, demo.m23, j.id!)).status).toBe("CANCELLING");
    await t.advance(999);
    expect((await cancel(demo.publisher, demo.m23, j.id!)).status).toBe("CANCELLING");
    const cancelled = await statuses(demo.publisher, demo.m23, j.id!, [[1, "CANCELLED"]]);
    // Cancelled before it started: nothing billed.
    expect(cancelled.statistics).toEqual({ totalDurationInMillis: 1_000, billedResourceUtilization: { units: 0 } });
    expect((await cancel(demo.publisher, demo.m23, j.id!)).status).toBe("CANCELLED");
    await statuses(demo.publisher, demo.m23, j.id!, [[10_000, "CANCELLED"]]);
  });

  it("refuses to cancel finished jobs, seeded or not", async () => {
    const j = await startOnM23({ jobParameters: { analysisTemplateArn: TEMPLATE, parameters: { x: "EMULATOR_FAIL" } } });
    await t.advance(8_000);
    for (const id of [j.id!, seeded(5), seeded(6)]) {
      const e = await refusal(cancel(demo.publisher, demo.m23, id));
      expect(e.name).toBe("ConflictException");
      expect(e.reason).toBe("INVALID_STATE");
    }
    expect((await get(demo.publisher, demo.m23, j.id!)).status).toBe("FAILED");
  });

  it("cancels a seeded submitted job", async () => {
    expect((await cancel(demo.publisher, demo.m23, seeded(1))).status).toBe("CANCELLING");
    await statuses(demo.publisher, demo.m23, seeded(1), [[1_000, "CANCELLED"]]);
    expect((await cancel(demo.publisher, demo.m23, seeded(4))).status).toBe("CANCELLED");
  });
});

describe("who may", () => {
  it("denies a member without CAN_RUN_JOB", async () => {
    for (const [account, membership] of [[demo.advertiser, demo.m21], [demo.advertiser, demo.m11]] as const) {
      const e = await refusedWithoutTrace(account, membership, () => start(account, membership, { jobComputePayerAccountId: demo.advertiser }));
      expect(e.name).toBe("AccessDeniedException");
      expect(e.message).toContain("CAN_RUN_JOB");
    }
  });

  it("does not find another account's membership, nor an unknown job", async () => {
    const e = await refusedWithoutTrace(demo.publisher, demo.m23, () => start(demo.advertiser, demo.m23));
    expect(e.name).toBe("ResourceNotFoundException");
    expect(e.resourceId).toBe(demo.m23);
    expect((await refusal(get(demo.advertiser, demo.m23, seeded(1)))).name).toBe("ResourceNotFoundException");
    const unknown = "00000000-0000-4000-8000-000000000000";
    const u = await refusal(get(demo.publisher, demo.m23, unknown));
    expect(u.name).toBe("ResourceNotFoundException");
    expect(u.resourceType).toBe("MEMBERSHIP");
    expect(u.message).toContain(unknown);
  });
});

describe("input checks", () => {
  const fields = async (options: StartOptions<"job">) => {
    const e = await refusedWithoutTrace(demo.publisher, demo.m23, () => startOnM23(options));
    expect(e.name).toBe("ValidationException");
    return [...new Set(e.fieldList!.map((f) => f.name))];
  };

  it("keeps PySpark workers within 4–128 of CR.1X or CR.4X", async () => {
    expect(await fields({ computeConfiguration: { worker: { type: "CR.1X", number: 129 } } })).toEqual(["computeConfiguration.worker.number"]);
    expect(await fields({ computeConfiguration: { worker: { type: "CR.1X", number: 3 } } })).toEqual(["computeConfiguration.worker.number"]);
    expect(await fields({ computeConfiguration: { worker: { type: "CR.8X" as "CR.4X", number: 8 } } })).toEqual(["computeConfiguration.worker.type"]);
    expect((await startOnM23({ computeConfiguration: { worker: { type: "CR.1X", number: 128 } } })).computeConfiguration).toEqual({
      worker: { type: "CR.1X", number: 128 },
    });
  });

  it("allows at most 50 Spark properties", async () => {
    const spark = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`spark.p${i}`, "1"]));
    expect(await fields({ computeConfiguration: { worker: { type: "CR.1X", number: 4, properties: { spark } } } })).toEqual([
      "computeConfiguration.worker.properties.spark",
    ]);
  });

  it("refuses a malformed analysis template ARN and membership id", async () => {
    expect(await fields({ jobParameters: { analysisTemplateArn: "arn:aws:s3:::bucket" } })).toEqual(["jobParameters.analysisTemplateArn"]);
    const e = await refusal(start(demo.publisher, "BBBBBBBB-0002-4000-8000-000000000003"));
    expect(e.fieldList!.map((f) => f.name)).toEqual(["membershipIdentifier"]);
  });
});

describe("listing", () => {
  const newestFirst = [3, 2, 1, 6, 5, 4].map(seeded);

  it("lists the seeded jobs in every status, newest first, with their payer and receivers", async () => {
    const out = await list(demo.publisher, demo.m23);
    expect(out.runs.map((j) => [j.id, j.status])).toEqual([3, 2, 1, 6, 5, 4].map((n) => [seeded(n), SEEDED_STATUSES[n - 1]]));
    expect(out.runs[1].jobComputePayerAccountId).toBe(demo.advertiser);
    expect(out.runs[1].receiverConfigurations![0].configurationDetails).toEqual({
      directAnalysisConfigurationDetails: { receiverAccountIds: [demo.publisher] },
    });
    expect(await ids(demo.advertiser, demo.m21)).toEqual([]);
  });

  it("pages with nextToken and maxResults, and filters by status", async () => {
    const p1 = await list(demo.publisher, demo.m23, { maxResults: 4 });
    expect(p1.runs.map((j) => j.id)).toEqual(newestFirst.slice(0, 4));
    const p2 = await list(demo.publisher, demo.m23, { maxResults: 4, nextToken: p1.nextToken });
    expect(p2.runs.map((j) => j.id)).toEqual(newestFirst.slice(4));
    expect(p2.nextToken).toBeUndefined();
    // Jobs have no TIMED_OUT.
    for (const [i, status] of SEEDED_STATUSES.slice(0, 6).entries()) expect(await ids(demo.publisher, demo.m23, { status })).toEqual([seeded(i + 1)]);
    const j = await startOnM23();
    await t.advance(8_000);
    expect((await ids(demo.publisher, demo.m23, { status: "SUCCESS" })).sort()).toEqual([j.id, seeded(6)].sort());
  });
});
