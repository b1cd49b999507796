import "../../src/aws/sdk-overlay";
import {
  GetProtectedJobCommand,
  ListProtectedJobsCommand,
  StartProtectedJobCommand,
  UpdateMembershipCommand,
  UpdateProtectedJobCommand,
  type ProtectedJobStatus,
  type StartProtectedJobCommandInput,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../support/aws-errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());
beforeEach(() => t.reset());

const TEMPLATE = `arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}/analysistemplate/ffffffff-0002-4000-8000-000000000001`;
const HOUR_MS = 3_600_000;
/** Seeded jobs of membership m23, by the last digit of their id. */
const seeded = (n: number) => `eeeeeeee-0002-4000-8000-00000000000${n}`;
const toMember = (accountId: string) => ({ outputConfiguration: { member: { accountId } } });

type StartOptions = Partial<Omit<StartProtectedJobCommandInput, "membershipIdentifier">>;

async function start(account: string, membershipIdentifier: string, options: StartOptions = {}) {
  const client = await t.cleanrooms(account);
  const out = await client.send(
    new StartProtectedJobCommand({ type: "PYSPARK", membershipIdentifier, jobParameters: { analysisTemplateArn: TEMPLATE }, ...options }),
  );
  return out.protectedJob!;
}

/** The publisher's job on m23 (the collaboration where it can run jobs). */
const startOnM23 = (options: StartOptions = {}) => start(demo.publisher, demo.m23, options);

async function get(account: string, membershipIdentifier: string, id: string) {
  const client = await t.cleanrooms(account);
  return (await client.send(new GetProtectedJobCommand({ membershipIdentifier, protectedJobIdentifier: id }))).protectedJob!;
}

async function cancel(account: string, membershipIdentifier: string, id: string) {
  const client = await t.cleanrooms(account);
  return (await client.send(new UpdateProtectedJobCommand({ membershipIdentifier, protectedJobIdentifier: id, targetStatus: "CANCELLED" })))
    .protectedJob!;
}

async function list(account: string, membershipIdentifier: string, filter: { status?: ProtectedJobStatus; maxResults?: number; nextToken?: string } = {}) {
  const client = await t.cleanrooms(account);
  return client.send(new ListProtectedJobsCommand({ membershipIdentifier, ...filter }));
}

async function ids(owner: string, membershipIdentifier: string) {
  return (await list(owner, membershipIdentifier)).protectedJobs!.map((j) => j.id);
}

/** The refusal of a call, after checking the membership's owner sees no new job. */
async function refusedWithoutTrace(owner: string, membershipIdentifier: string, call: () => Promise<unknown>) {
  const before = await ids(owner, membershipIdentifier);
  const error = await refusal(call());
  expect(await ids(owner, membershipIdentifier)).toEqual(before);
  return error;
}

describe("who pays", () => {
  it("charges the single job-compute candidate when none is named, on the run, on Get and in the list", async () => {
    const j = await startOnM23();
    expect(j.jobComputePayerAccountId).toBe(demo.advertiser);
    expect(j.status).toBe("SUBMITTED");
    expect(j.membershipArn).toBe(`arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}`);
    expect(j.jobParameters).toEqual({ analysisTemplateArn: TEMPLATE });
    expect((await get(demo.publisher, demo.m23, j.id!)).jobComputePayerAccountId).toBe(demo.advertiser);
    const summary = (await list(demo.publisher, demo.m23)).protectedJobs!.find((s) => s.id === j.id)!;
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
    const summary = (await list(demo.publisher, demo.m23)).protectedJobs!.find((s) => s.id === j.id)!;
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
    await t.advance(1_999);
    expect((await get(demo.publisher, demo.m23, j.id!)).status).toBe("SUBMITTED");
    await t.advance(1);
    expect((await get(demo.publisher, demo.m23, j.id!)).status).toBe("STARTED");
    await t.advance(5_999);
    expect((await get(demo.publisher, demo.m23, j.id!)).status).toBe("STARTED");
    await t.advance(1);
    const done = await get(demo.publisher, demo.m23, j.id!);
    expect(done.status).toBe("SUCCESS");
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
    await t.advance(1);
    const cancelled = await get(demo.publisher, demo.m23, j.id!);
    expect(cancelled.status).toBe("CANCELLED");
    // Cancelled before it started: nothing billed.
    expect(cancelled.statistics).toEqual({ totalDurationInMillis: 1_000, billedResourceUtilization: { units: 0 } });
    expect((await cancel(demo.publisher, demo.m23, j.id!)).status).toBe("CANCELLED");
    await t.advance(10_000);
    expect((await get(demo.publisher, demo.m23, j.id!)).status).toBe("CANCELLED");
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
    await t.advance(1_000);
    expect((await get(demo.publisher, demo.m23, seeded(1))).status).toBe("CANCELLED");
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
  const fields = async (options: StartOptions) => {
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
    expect(out.protectedJobs!.map((j) => [j.id, j.status])).toEqual([
      [seeded(3), "CANCELLING"],
      [seeded(2), "STARTED"],
      [seeded(1), "SUBMITTED"],
      [seeded(6), "SUCCESS"],
      [seeded(5), "FAILED"],
      [seeded(4), "CANCELLED"],
    ]);
    expect(out.protectedJobs![1].jobComputePayerAccountId).toBe(demo.advertiser);
    expect(out.protectedJobs![1].receiverConfigurations![0].configurationDetails).toEqual({
      directAnalysisConfigurationDetails: { receiverAccountIds: [demo.publisher] },
    });
    expect(await ids(demo.advertiser, demo.m21)).toEqual([]);
  });

  it("pages with nextToken and maxResults, and filters by status", async () => {
    const p1 = await list(demo.publisher, demo.m23, { maxResults: 4 });
    expect(p1.protectedJobs!.map((j) => j.id)).toEqual(newestFirst.slice(0, 4));
    const p2 = await list(demo.publisher, demo.m23, { maxResults: 4, nextToken: p1.nextToken });
    expect(p2.protectedJobs!.map((j) => j.id)).toEqual(newestFirst.slice(4));
    expect(p2.nextToken).toBeUndefined();
    for (const [n, status] of [[1, "SUBMITTED"], [2, "STARTED"], [3, "CANCELLING"], [4, "CANCELLED"], [5, "FAILED"], [6, "SUCCESS"]] as const) {
      expect((await list(demo.publisher, demo.m23, { status })).protectedJobs!.map((j) => j.id)).toEqual([seeded(n)]);
    }
    const j = await startOnM23();
    await t.advance(8_000);
    expect((await list(demo.publisher, demo.m23, { status: "SUCCESS" })).protectedJobs!.map((s) => s.id).sort()).toEqual([j.id, seeded(6)].sort());
  });
});
