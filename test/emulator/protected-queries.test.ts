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

const SQL = "SELECT campaign_id, COUNT(DISTINCT user_id) FROM exposures GROUP BY campaign_id";
/** Seeded queries of membership m11, by the last digit of their id. */
const seeded = (n: number) => `dddddddd-0001-4000-8000-00000000000${n}`;

const { start, get, cancel, list, ids, refusedWithoutTrace, statuses } = runCalls(() => t, "query", {
  type: "SQL",
  sqlParameters: { queryString: SQL },
  resultConfiguration: toMember(demo.advertiser),
});

/** The advertiser's query on m11, paid by the advertiser (m11 has two payer candidates). */
const startOnM11 = (options: StartOptions<"query"> = {}) => start(demo.advertiser, demo.m11, { queryComputePayerAccountId: demo.advertiser, ...options });

describe("who pays", () => {
  it("charges the named candidate, and says so on the run, on Get and in the list", async () => {
    const q = await start(demo.advertiser, demo.m11, { queryComputePayerAccountId: demo.publisher });
    expect(q.queryComputePayerAccountId).toBe(demo.publisher);
    expect(q.status).toBe("SUBMITTED");
    expect(q.membershipId).toBe(demo.m11);
    expect(q.membershipArn).toBe(`arn:aws:cleanrooms:us-east-1:${demo.advertiser}:membership/${demo.m11}`);
    expect(q.sqlParameters).toEqual({ queryString: SQL });
    expect(q.resultConfiguration).toEqual(toMember(demo.advertiser));
    expect(q.statistics).toBeUndefined();
    expect(q.result).toBeUndefined();

    expect((await get(demo.advertiser, demo.m11, q.id!)).queryComputePayerAccountId).toBe(demo.publisher);
    const summary = (await list(demo.advertiser, demo.m11)).runs.find((s) => s.id === q.id)!;
    expect(summary).toMatchObject({
      queryComputePayerAccountId: demo.publisher,
      status: "SUBMITTED",
      membershipId: demo.m11,
      createTime: q.createTime,
      receiverConfigurations: [
        { analysisType: "DIRECT_ANALYSIS", configurationDetails: { directAnalysisConfigurationDetails: { receiverAccountIds: [demo.advertiser] } } },
      ],
    });
  });

  it("refuses a payer that is not a candidate, naming the field and the candidates", async () => {
    const e = await refusedWithoutTrace(demo.advertiser, demo.m11, () => start(demo.advertiser, demo.m11, { queryComputePayerAccountId: demo.analytics }));
    expect(e.name).toBe("ValidationException");
    expect(e.fieldList!.map((f) => f.name)).toEqual(["queryComputePayerAccountId"]);
    expect(e.message).toContain(`${demo.advertiser}, ${demo.publisher}`);
  });

  it("refuses to pick between two candidates when none is named", async () => {
    const e = await refusedWithoutTrace(demo.advertiser, demo.m11, () => start(demo.advertiser, demo.m11));
    expect(e.name).toBe("ValidationException");
    expect(e.fieldList!.map((f) => f.name)).toEqual(["queryComputePayerAccountId"]);
    expect(e.message).toContain(`${demo.advertiser}, ${demo.publisher}`);
  });

  it("charges the runner where nobody is configured to pay for queries", async () => {
    const q = await start(demo.publisher, demo.m23, { resultConfiguration: toMember(demo.publisher) });
    expect(q.queryComputePayerAccountId).toBe(demo.publisher);
    const e = await refusedWithoutTrace(demo.publisher, demo.m23, () =>
      start(demo.publisher, demo.m23, { resultConfiguration: toMember(demo.publisher), queryComputePayerAccountId: demo.advertiser }),
    );
    expect(e.fieldList!.map((f) => f.name)).toEqual(["queryComputePayerAccountId"]);
    expect(e.message).toContain(demo.publisher);
  });

  it("refuses a payer that is not a 12-digit account id", async () => {
    const e = await refusedWithoutTrace(demo.advertiser, demo.m11, () => startOnM11({ queryComputePayerAccountId: "12345" }));
    expect(e.name).toBe("ValidationException");
    expect(e.fieldList!.map((f) => f.name)).toContain("queryComputePayerAccountId");
  });
});

describe("lifecycle", () => {
  it("goes SUBMITTED, STARTED, SUCCESS with the clock, then carries statistics and its S3 result", async () => {
    const q = await startOnM11({
      computeConfiguration: { worker: { type: "CR.4X", number: 10 } },
      resultConfiguration: { outputConfiguration: { s3: { resultFormat: "CSV", bucket: "advertiser-results", keyPrefix: "reach/" } } },
    });
    const running = await statuses(demo.advertiser, demo.m11, q.id!, [[1_999, "SUBMITTED"], [1, "STARTED"], [5_999, "STARTED"]]);
    expect(running.statistics).toBeUndefined();
    const done = await statuses(demo.advertiser, demo.m11, q.id!, [[1, "SUCCESS"]]);
    expect(done.computeConfiguration).toEqual({ worker: { type: "CR.4X", number: 10 } });
    // 10 CR.4X workers for the 6 s between starting and finishing, in CRPU-hours.
    expect(done.statistics).toEqual({ totalDurationInMillis: 8_000, billedResourceUtilization: { units: (10 * 4 * 6_000) / HOUR_MS } });
    expect(done.result).toEqual({ output: { s3: { location: `s3://advertiser-results/reach/${q.id}/` } } });
    expect(done.error).toBeUndefined();
    expect((await ids(demo.advertiser, demo.m11, { status: "SUCCESS" })).sort()).toEqual([q.id, seeded(6)].sort());
  });

  it("hands a member output to that member", async () => {
    const q = await startOnM11({ resultConfiguration: toMember(demo.analytics) });
    await t.advance(8_000);
    expect((await get(demo.advertiser, demo.m11, q.id!)).result).toEqual({ output: { memberList: [{ accountId: demo.analytics }] } });
    const summary = (await list(demo.advertiser, demo.m11)).runs.find((s) => s.id === q.id)!;
    expect(summary.receiverConfigurations![0].configurationDetails).toEqual({ directAnalysisConfigurationDetails: { receiverAccountIds: [demo.analytics] } });
  });

  it("distributes to S3 for the runner and to the named members", async () => {
    const q = await startOnM11({
      resultConfiguration: {
        outputConfiguration: {
          distribute: { locations: [{ s3: { resultFormat: "PARQUET", bucket: "advertiser-results" } }, { member: { accountId: demo.partner } }] },
        },
      },
    });
    await t.advance(8_000);
    expect((await get(demo.advertiser, demo.m11, q.id!)).result).toEqual({
      output: { distribute: { s3: { location: `s3://advertiser-results/${q.id}/` }, memberList: [{ accountId: demo.partner }] } },
    });
    const summary = (await list(demo.advertiser, demo.m11)).runs.find((s) => s.id === q.id)!;
    expect(summary.receiverConfigurations![0].configurationDetails).toEqual({
      directAnalysisConfigurationDetails: { receiverAccountIds: [demo.advertiser, demo.partner] },
    });
  });

  it("ends FAILED with an error and no result when the query carries the failure marker", async () => {
    const q = await startOnM11({ sqlParameters: { queryString: "SELECT 1 -- EMULATOR_FAIL" } });
    const failed = await statuses(demo.advertiser, demo.m11, q.id!, [[7_999, "STARTED"], [1, "FAILED"]]);
    expect(failed.error!.code).toBe("EMULATOR_INJECTED_FAILURE");
    expect(failed.error!.message).toContain("EMULATOR_FAIL");
    expect(failed.result).toBeUndefined();
    // No compute configuration: billed as the SQL minimum, 2 CR.1X workers.
    expect(failed.statistics).toEqual({ totalDurationInMillis: 8_000, billedResourceUtilization: { units: (2 * 6_000) / HOUR_MS } });
  });

  it("uses the membership's default result configuration when the query names none", async () => {
    const client = await t.cleanrooms(demo.advertiser);
    const e = await refusedWithoutTrace(demo.advertiser, demo.m11, () => startOnM11({ resultConfiguration: undefined }));
    expect(e.name).toBe("ValidationException");
    expect(e.fieldList!.map((f) => f.name)).toEqual(["resultConfiguration"]);

    const s3 = { resultFormat: "PARQUET" as const, bucket: "advertiser-defaults" };
    await client.send(
      new UpdateMembershipCommand({
        membershipIdentifier: demo.m11,
        defaultResultConfiguration: { outputConfiguration: { s3 }, roleArn: `arn:aws:iam::${demo.advertiser}:role/CleanRoomsResults` },
      }),
    );
    const q = await startOnM11({ resultConfiguration: undefined });
    expect(q.resultConfiguration).toEqual({ outputConfiguration: { s3 } });
    await t.advance(8_000);
    expect((await get(demo.advertiser, demo.m11, q.id!)).result).toEqual({ output: { s3: { location: `s3://advertiser-defaults/${q.id}/` } } });
  });
});

describe("cancelling", () => {
  it("goes CANCELLING then CANCELLED, and a repeated cancel changes nothing", async () => {
    const q = await startOnM11();
    await t.advance(3_000);
    expect((await cancel(demo.advertiser, demo.m11, q.id!)).status).toBe("CANCELLING");
    await t.advance(500);
    expect((await cancel(demo.advertiser, demo.m11, q.id!)).status).toBe("CANCELLING");
    const cancelled = await statuses(demo.advertiser, demo.m11, q.id!, [[499, "CANCELLING"], [1, "CANCELLED"]]);
    // Asked at 3 s, so it ran 1 s (from 2 s) and ended 1 s after the request; the second request moved nothing.
    expect(cancelled.statistics).toEqual({ totalDurationInMillis: 4_000, billedResourceUtilization: { units: (2 * 1_000) / HOUR_MS } });
    expect(cancelled.result).toBeUndefined();
    expect((await cancel(demo.advertiser, demo.m11, q.id!)).status).toBe("CANCELLED");
  });

  it("refuses to cancel a finished query", async () => {
    const q = await startOnM11();
    await t.advance(8_000);
    const e = await refusal(cancel(demo.advertiser, demo.m11, q.id!));
    expect(e.name).toBe("ConflictException");
    expect(e.reason).toBe("INVALID_STATE");
    expect((await get(demo.advertiser, demo.m11, q.id!)).status).toBe("SUCCESS");
  });

  it("cancels seeded queries that are still running, and refuses finished ones", async () => {
    expect((await cancel(demo.advertiser, demo.m11, seeded(1))).status).toBe("CANCELLING");
    expect((await cancel(demo.advertiser, demo.m11, seeded(2))).status).toBe("CANCELLING");
    await t.advance(1_000);
    expect((await get(demo.advertiser, demo.m11, seeded(1))).status).toBe("CANCELLED");
    expect((await get(demo.advertiser, demo.m11, seeded(2))).status).toBe("CANCELLED");
    // A seeded CANCELLING query stays as seeded.
    expect((await cancel(demo.advertiser, demo.m11, seeded(3))).status).toBe("CANCELLING");
    await t.advance(60_000);
    expect((await get(demo.advertiser, demo.m11, seeded(3))).status).toBe("CANCELLING");
    for (const n of [5, 6, 7]) {
      const e = await refusal(cancel(demo.advertiser, demo.m11, seeded(n)));
      expect(e.name).toBe("ConflictException");
      expect(e.reason).toBe("INVALID_STATE");
    }
  });
});

describe("who may", () => {
  it("denies a member without CAN_QUERY", async () => {
    const e = await refusedWithoutTrace(demo.analytics, demo.m12, () => start(demo.analytics, demo.m12, { resultConfiguration: toMember(demo.analytics) }));
    expect(e.name).toBe("AccessDeniedException");
    expect(e.message).toContain("CAN_QUERY");
  });

  it("does not find another account's membership", async () => {
    const e = await refusedWithoutTrace(demo.publisher, demo.m13, () => start(demo.advertiser, demo.m13, { queryComputePayerAccountId: demo.advertiser }));
    expect(e.name).toBe("ResourceNotFoundException");
    expect(e.resourceType).toBe("MEMBERSHIP");
    expect(e.resourceId).toBe(demo.m13);
    expect((await refusal(list(demo.advertiser, demo.m23))).name).toBe("ResourceNotFoundException");
    expect((await refusal(get(demo.advertiser, demo.m23, "dddddddd-0002-4000-8000-000000000011"))).name).toBe("ResourceNotFoundException");
    expect((await refusal(cancel(demo.advertiser, demo.m23, "dddddddd-0002-4000-8000-000000000012"))).name).toBe("ResourceNotFoundException");
    expect((await get(demo.publisher, demo.m23, "dddddddd-0002-4000-8000-000000000012")).status).toBe("STARTED");
  });

  it("does not find an unknown query, naming it", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    for (const call of [get(demo.advertiser, demo.m11, unknown), cancel(demo.advertiser, demo.m11, unknown)]) {
      const e = await refusal(call);
      expect(e.name).toBe("ResourceNotFoundException");
      expect(e.resourceType).toBe("MEMBERSHIP");
      expect(e.resourceId).toBe(unknown);
      expect(e.message).toContain(unknown);
    }
    // A query of another membership is not found under this one.
    expect((await refusal(get(demo.publisher, demo.m23, seeded(1)))).name).toBe("ResourceNotFoundException");
  });
});

describe("input checks", () => {
  const worker = (number: number, spark?: Record<string, string>) => ({
    computeConfiguration: { worker: { type: "CR.1X" as const, number, ...(spark ? { properties: { spark } } : {}) } },
  });
  const fields = async (options: StartOptions<"query">) => {
    const e = await refusedWithoutTrace(demo.advertiser, demo.m11, () => startOnM11(options));
    expect(e.name).toBe("ValidationException");
    return e.fieldList!.map((f) => f.name);
  };

  it("keeps SQL workers within 2–400", async () => {
    expect(await fields(worker(401))).toEqual(["computeConfiguration.worker.number"]);
    expect(await fields(worker(1))).toEqual(["computeConfiguration.worker.number"]);
    expect((await startOnM11(worker(400))).computeConfiguration).toEqual({ worker: { type: "CR.1X", number: 400 } });
  });

  it("allows at most 50 Spark properties with keys of 1–200 and values of 0–500 characters", async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`spark.p${i}`, "1"]));
    expect(await fields(worker(2, many))).toEqual(["computeConfiguration.worker.properties.spark"]);
    const longKey = "k".repeat(201);
    expect(await fields(worker(2, { [longKey]: "1" }))).toEqual([`computeConfiguration.worker.properties.spark.${longKey} (key)`]);
    expect(await fields(worker(2, { "": "1" }))).toEqual(["computeConfiguration.worker.properties.spark. (key)"]);
    expect(await fields(worker(2, { "spark.executor.memory": "v".repeat(501) }))).toEqual([
      "computeConfiguration.worker.properties.spark.spark.executor.memory",
    ]);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`spark.p${i}`, "v".repeat(500)]));
    await startOnM11(worker(2, { ...fifty }));
  });

  it("wants a query string or an analysis template", async () => {
    expect(await fields({ sqlParameters: {} })).toEqual(["sqlParameters"]);
    expect(await fields({ sqlParameters: { queryString: "" } })).toEqual(["sqlParameters"]);
  });

  it("refuses identifiers that are not UUIDs", async () => {
    const e = await refusal(start(demo.advertiser, "not-a-uuid", { queryComputePayerAccountId: demo.advertiser }));
    expect(e.name).toBe("ValidationException");
    // Both the length and the pattern are broken: every problem names the identifier.
    expect(new Set(e.fieldList!.map((f) => f.name))).toEqual(new Set(["membershipIdentifier"]));
    const g = await refusal(get(demo.advertiser, demo.m11, "dddddddd-0001"));
    expect(new Set(g.fieldList!.map((f) => f.name))).toEqual(new Set(["protectedQueryIdentifier"]));
  });

  it("sends results only to members who can receive them", async () => {
    // The publisher is a member of the collaboration without CAN_RECEIVE_RESULTS.
    expect(await fields({ resultConfiguration: toMember(demo.publisher) })).toEqual(["resultConfiguration.outputConfiguration.member.accountId"]);
    expect(await fields({ resultConfiguration: toMember("555555555555") })).toEqual(["resultConfiguration.outputConfiguration.member.accountId"]);
  });
});

describe("listing", () => {
  const newestFirst = [3, 2, 1, 7, 6, 5, 4].map(seeded);

  it("lists the seeded queries in every status, newest first", async () => {
    const out = await list(demo.advertiser, demo.m11);
    expect(out.runs.map((q) => [q.id, q.status])).toEqual([3, 2, 1, 7, 6, 5, 4].map((n) => [seeded(n), SEEDED_STATUSES[n - 1]]));
    expect(out.runs[0].createTime).toEqual(new Date("2026-11-26T03:00:00Z"));
    expect(out.runs[1].queryComputePayerAccountId).toBe(demo.publisher);
    expect(out.nextToken).toBeUndefined();
    // Only this membership's queries.
    expect(await ids(demo.publisher, demo.m23)).toEqual(["dddddddd-0002-4000-8000-000000000012", "dddddddd-0002-4000-8000-000000000011"]);
  });

  it("pages with nextToken and maxResults", async () => {
    const p1 = await list(demo.advertiser, demo.m11, { maxResults: 3 });
    expect(p1.runs.map((q) => q.id)).toEqual(newestFirst.slice(0, 3));
    const p2 = await list(demo.advertiser, demo.m11, { maxResults: 3, nextToken: p1.nextToken });
    expect(p2.runs.map((q) => q.id)).toEqual(newestFirst.slice(3, 6));
    const p3 = await list(demo.advertiser, demo.m11, { maxResults: 3, nextToken: p2.nextToken });
    expect(p3.runs.map((q) => q.id)).toEqual(newestFirst.slice(6));
    expect(p3.nextToken).toBeUndefined();
    const wrongList = await refusal(list(demo.advertiser, demo.m11, { status: "SUCCESS", nextToken: p1.nextToken }));
    expect(wrongList.name).toBe("ValidationException");
  });

  it("filters by the status at the time of listing", async () => {
    for (const [i, status] of SEEDED_STATUSES.entries()) expect(await ids(demo.advertiser, demo.m11, { status })).toEqual([seeded(i + 1)]);
    const q = await startOnM11();
    expect((await ids(demo.advertiser, demo.m11, { status: "SUBMITTED" })).sort()).toEqual([q.id, seeded(1)].sort());
    await t.advance(2_000);
    expect(await ids(demo.advertiser, demo.m11, { status: "SUBMITTED" })).toEqual([seeded(1)]);
    expect((await ids(demo.advertiser, demo.m11, { status: "STARTED" })).sort()).toEqual([q.id, seeded(2)].sort());
  });
});
