/**
 * Starting and cancelling runs, and a membership's payment configuration,
 * over HTTP against the emulator: each through the membership's own account,
 * the payer checked against the collaboration's candidates before anything is
 * sent, and the result showing the new state.
 *
 * Publisher audience insights (demo): the publisher (333) queries and runs
 * jobs; the advertiser (111) is the only JOB_COMPUTE candidate; nobody is a
 * QUERY_COMPUTE candidate, so the runner pays for queries.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../../support/emulator";
import { startTestGateway, type TestGateway } from "../../support/gateway";

let g: TestGateway;
const READER = "reader-token-0b9d";
beforeAll(async () => (g = await startTestGateway({ principals: [{ token: READER, name: "reader", grants: [{ accounts: ["*"], actions: ["read"] }] }] })));
afterAll(() => g.close());
afterEach(() => g.t.reset());

const TEMPLATE = `arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}/analysistemplate/ffffffff-0002-4000-8000-000000000001`;
const START_JOB = `mutation($input: StartProtectedJobInput!) { startProtectedJob(input: $input) {
  id status membershipId payerAccountId payer { accountId displayName } receivers { accountId } jobParameters { analysisTemplateArn parameters { key value } }
  computeConfiguration { worker { type number properties { key value } } } } }`;
const START_QUERY = `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id payerAccountId payer { accountId } receivers { accountId } } }`;

const WRITES = ["StartProtectedQuery", "StartProtectedJob", "UpdateProtectedQuery", "UpdateProtectedJob", "UpdateMembership"];
async function writes(): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [account, ops] of Object.entries((await g.t.calls()).byAccount)) {
    for (const [op, n] of Object.entries(ops)) if (WRITES.includes(op)) (out[account] ??= {})[op] = n;
  }
  return out;
}

/** The calls to one kind's run, by operation, across accounts (GetProtectedQuery, UpdateProtectedQuery, …). */
async function runCalls(kind: "Query" | "Job"): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const ops of Object.values((await g.t.calls()).byAccount)) {
    for (const [op, n] of Object.entries(ops)) if (op.endsWith(`Protected${kind}`)) out[op] = (out[op] ?? 0) + n;
  }
  return out;
}

interface Job {
  id: string;
  status: string;
  payerAccountId: string;
  payer: { accountId: string; displayName: string };
  receivers: { accountId: string }[];
  jobParameters: { analysisTemplateArn: string; parameters: { key: string; value: string }[] };
  computeConfiguration: { worker: { type: string; number: number; properties: { key: string; value: string }[] } };
}

describe("protected jobs", () => {
  it("starts a job with a named payer, through the membership's account", async () => {
    await g.t.resetCalls();
    const res = await g.gql<{ startProtectedJob: Job }>(START_JOB, {
      input: {
        membershipId: demo.m23,
        analysisTemplateArn: TEMPLATE,
        parameters: [{ key: "segment", value: "sports" }],
        receiverAccountId: demo.advertiser,
        computeConfiguration: { worker: { type: "CR_4X", number: 8, properties: [{ key: "spark.executor.memory", value: "4g" }] } },
        payerAccountId: demo.advertiser,
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.startProtectedJob).toMatchObject({
      status: "SUBMITTED",
      payerAccountId: demo.advertiser,
      payer: { accountId: demo.advertiser, displayName: "Advertiser" },
      receivers: [{ accountId: demo.advertiser }],
      jobParameters: { analysisTemplateArn: TEMPLATE, parameters: [{ key: "segment", value: "sports" }] },
      computeConfiguration: { worker: { type: "CR_4X", number: 8, properties: [{ key: "spark.executor.memory", value: "4g" }] } },
    });
    expect(await writes()).toEqual({ [demo.publisher]: { StartProtectedJob: 1 } });
  });

  it("the single candidate pays when no payer is named", async () => {
    const res = await g.gql<{ startProtectedJob: Job }>(START_JOB, { input: { membershipId: demo.m23, analysisTemplateArn: TEMPLATE } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.startProtectedJob.payer.accountId).toBe(demo.advertiser);
  });

  it("refuses a payer that is not a JOB_COMPUTE candidate, listing the candidate, without starting", async () => {
    await g.t.resetCalls();
    const res = await g.gql(START_JOB, { input: { membershipId: demo.m23, analysisTemplateArn: TEMPLATE, payerAccountId: demo.publisher } });
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.payerAccountId", candidates: [demo.advertiser] });
    expect(res.errors![0].message).toContain(`${demo.advertiser} (Advertiser)`);
    expect(await writes()).toEqual({});
  });

  it("refuses a runner without CAN_RUN_JOB before sending anything", async () => {
    await g.t.resetCalls();
    const res = await g.gql(START_JOB, { input: { membershipId: demo.m21, analysisTemplateArn: TEMPLATE } });
    expect(res.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", accountId: demo.advertiser });
    expect(res.errors![0].message).toContain("CAN_RUN_JOB");
    expect(await writes()).toEqual({});
  });

  it("cancels a running job through the membership's account", async () => {
    await g.t.resetCalls();
    const res = await g.gql<{ cancelProtectedJob: { id: string; status: string } }>(
      `mutation { cancelProtectedJob(membershipId: "${demo.m23}", id: "eeeeeeee-0002-4000-8000-000000000002") { id status } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.cancelProtectedJob.status).toBe("CANCELLING");
    expect(await writes()).toEqual({ [demo.publisher]: { UpdateProtectedJob: 1 } });
    // The run is read once (through the request's loader) before the write, and its fields cost nothing more.
    expect(await runCalls("Job")).toEqual({ GetProtectedJob: 1, UpdateProtectedJob: 1 });
  });

  it("cancelling a finished job is CONFLICT before anything is sent", async () => {
    await g.t.resetCalls();
    const res = await g.gql(`mutation { cancelProtectedJob(membershipId: "${demo.m23}", id: "eeeeeeee-0002-4000-8000-000000000006") { id } }`);
    expect(res.errors![0].extensions).toMatchObject({ code: "CONFLICT", accountId: demo.publisher });
    expect(res.errors![0].message).toContain("is SUCCESS and can no longer be cancelled");
    expect(await runCalls("Job")).toEqual({ GetProtectedJob: 1 });
    expect(await writes()).toEqual({});
  });
});

describe("protected queries", () => {
  it("with no QUERY_COMPUTE candidate the runner pays; naming anyone else is refused", async () => {
    const own = await g.gql<{ startProtectedQuery: { payerAccountId: string; payer: { accountId: string } } }>(START_QUERY, {
      input: { membershipId: demo.m23, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.publisher } } },
    });
    expect(own.errors).toBeUndefined();
    expect(own.data!.startProtectedQuery.payer.accountId).toBe(demo.publisher);
    await g.t.resetCalls();
    const other = await g.gql(START_QUERY, {
      input: { membershipId: demo.m23, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.publisher } }, payerAccountId: demo.advertiser },
    });
    expect(other.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", candidates: [demo.publisher] });
    expect(other.errors![0].message).toContain("no QUERY_COMPUTE payer candidate, so the runner pays");
    expect(await writes()).toEqual({});
  });

  it("sends S3 and distributed outputs as AWS's union", async () => {
    const s3 = await g.gql<{ startProtectedQuery: { receivers: { accountId: string }[] } }>(START_QUERY, {
      input: { membershipId: demo.m11, sqlParameters: { queryString: "SELECT 1" }, output: { s3: { resultFormat: "PARQUET", bucket: "advertiser-results", keyPrefix: "q/" } }, payerAccountId: demo.advertiser },
    });
    expect(s3.errors).toBeUndefined();
    expect(s3.data!.startProtectedQuery.receivers).toEqual([{ accountId: demo.advertiser }]);
    const spread = await g.gql<{ startProtectedQuery: { receivers: { accountId: string }[] } }>(START_QUERY, {
      input: {
        membershipId: demo.m11,
        sqlParameters: { queryString: "SELECT 1" },
        output: { distribute: [{ s3: { resultFormat: "CSV", bucket: "advertiser-results" } }, { member: { accountId: demo.analytics } }] },
        payerAccountId: demo.advertiser,
      },
    });
    expect(spread.errors).toBeUndefined();
    expect(spread.data!.startProtectedQuery.receivers.map((r) => r.accountId).sort()).toEqual([demo.advertiser, demo.analytics].sort());
  });

  it("a receiver AWS refuses comes back mapped (BAD_USER_INPUT naming AWS's field), not masked", async () => {
    const res = await g.gql(START_QUERY, {
      input: { membershipId: demo.m11, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.publisher } }, payerAccountId: demo.advertiser },
    });
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", accountId: demo.advertiser });
    expect(res.errors![0].message).toContain("member.accountId");
  });

  it("after a start and a cancel in one operation, each result's lists show the state after its own mutation", async () => {
    const running = "dddddddd-0001-4000-8000-000000000002";
    await g.t.resetCalls();
    const res = await g.gql<{
      start: { id: string; membership: { protectedQueries: { nodes: { id: string; status: string }[] } } };
      cancel: { status: string; membership: { protectedQueries: { nodes: { id: string; status: string }[] } } };
    }>(
      `mutation($input: StartProtectedQueryInput!) {
        start: startProtectedQuery(input: $input) { id membership { protectedQueries { nodes { id status } } } }
        cancel: cancelProtectedQuery(membershipId: "${demo.m11}", id: "${running}") { status membership { protectedQueries { nodes { id status } } } }
      }`,
      { input: { membershipId: demo.m11, sqlParameters: { queryString: "SELECT 2" }, output: { member: { accountId: demo.advertiser } }, payerAccountId: demo.publisher } },
    );
    expect(res.errors).toBeUndefined();
    const { start, cancel } = res.data!;
    expect(start.membership.protectedQueries.nodes.map((n) => n.id)).toContain(start.id);
    expect(start.membership.protectedQueries.nodes.find((n) => n.id === running)!.status).toBe("STARTED");
    expect(cancel.status).toBe("CANCELLING");
    expect(cancel.membership.protectedQueries.nodes.find((n) => n.id === running)!.status).toBe("CANCELLING");
    expect(await writes()).toEqual({ [demo.advertiser]: { StartProtectedQuery: 1, UpdateProtectedQuery: 1 } });
  });

  it("a running query is cancelled with exactly one Get and one Update, and its fields cost no further read", async () => {
    await g.t.resetCalls();
    const res = await g.gql<{ cancelProtectedQuery: { status: string; sqlParameters: { queryString: string | null } | null } }>(
      `mutation { cancelProtectedQuery(membershipId: "${demo.m11}", id: "dddddddd-0001-4000-8000-000000000002") { status sqlParameters { queryString } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.cancelProtectedQuery.status).toBe("CANCELLING");
    expect(await runCalls("Query")).toEqual({ GetProtectedQuery: 1, UpdateProtectedQuery: 1 });
    expect(await writes()).toEqual({ [demo.advertiser]: { UpdateProtectedQuery: 1 } });
  });

  it("cancelling a finished query (SUCCESS, FAILED, TIMED_OUT) is CONFLICT, as AWS answers it, with no write", async () => {
    for (const [id, status] of [
      ["dddddddd-0001-4000-8000-000000000006", "SUCCESS"],
      ["dddddddd-0001-4000-8000-000000000005", "FAILED"],
      ["dddddddd-0001-4000-8000-000000000007", "TIMED_OUT"],
    ]) {
      await g.t.resetCalls();
      const res = await g.gql(`mutation { cancelProtectedQuery(membershipId: "${demo.m11}", id: "${id}") { id } }`);
      expect(res.errors![0].extensions).toMatchObject({ code: "CONFLICT", accountId: demo.advertiser });
      expect(res.errors![0].message).toBe(`The protected query ${id} is ${status} and can no longer be cancelled (AWS refuses it), so no cancel was sent.`);
      expect(await runCalls("Query")).toEqual({ GetProtectedQuery: 1 });
      expect(await writes()).toEqual({});
    }
  });

  it("cancelling a query already CANCELLING or CANCELLED answers it as it is, with no write (AWS's cancel would change nothing)", async () => {
    for (const [id, status] of [
      ["dddddddd-0001-4000-8000-000000000003", "CANCELLING"],
      ["dddddddd-0001-4000-8000-000000000004", "CANCELLED"],
    ]) {
      await g.t.resetCalls();
      const res = await g.gql<{ cancelProtectedQuery: { id: string; status: string } }>(
        `mutation { cancelProtectedQuery(membershipId: "${demo.m11}", id: "${id}") { id status } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.cancelProtectedQuery).toEqual({ id, status });
      expect(await runCalls("Query")).toEqual({ GetProtectedQuery: 1 });
    }
  });

  it("the caller's own membership with another membership's (another account's) run id is NOT_FOUND, with no write", async () => {
    const theirs = "dddddddd-0002-4000-8000-000000000012"; // publisher's running query, in m23
    await g.t.resetCalls();
    const res = await g.gql(`mutation { cancelProtectedQuery(membershipId: "${demo.m11}", id: "${theirs}") { id } }`);
    expect(res.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", accountId: demo.advertiser });
    expect(res.errors![0].message).toBe(`There is no protected query ${theirs} in membership ${demo.m11}, so nothing was cancelled.`);
    expect(await runCalls("Query")).toEqual({ GetProtectedQuery: 1 });
    expect(await writes()).toEqual({});
    // The run itself is untouched.
    const still = await g.gql<{ protectedQuery: { status: string } }>(`{ protectedQuery(membershipId: "${demo.m23}", id: "${theirs}") { status } }`);
    expect(still.data!.protectedQuery.status).toBe("STARTED");

    await g.t.resetCalls();
    const job = await g.gql(`mutation { cancelProtectedJob(membershipId: "${demo.m11}", id: "eeeeeeee-0002-4000-8000-000000000002") { id } }`);
    expect(job.errors![0].extensions).toMatchObject({ code: "NOT_FOUND" });
    expect(await writes()).toEqual({});
  });

  it("a membership none of the caller's accounts holds is NOT_FOUND, with no write", async () => {
    await g.t.resetCalls();
    const res = await g.gql(START_QUERY, { input: { membershipId: demo.m14, sqlParameters: { queryString: "SELECT 1" } } });
    expect(res.errors![0].extensions!.code).toBe("NOT_FOUND");
    expect(await writes()).toEqual({});
  });

  it("without a grant to run: FORBIDDEN and no AWS call at all", async () => {
    await g.t.resetCalls();
    for (const doc of [
      `mutation { cancelProtectedQuery(membershipId: "${demo.m11}", id: "dddddddd-0001-4000-8000-000000000002") { id } }`,
      `mutation { startProtectedQuery(input: { membershipId: "${demo.m11}", sqlParameters: { queryString: "SELECT 1" } }) { id } }`,
      `mutation { updateMembershipPaymentConfiguration(membershipId: "${demo.m21}", paymentConfiguration: { jobCompute: { isResponsible: true } }) { id } }`,
    ]) {
      const res = await g.gql(doc, undefined, { token: READER });
      expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
    }
    expect((await g.t.calls()).total).toBe(0);
  });
});

describe("updateMembershipPaymentConfiguration", () => {
  it("accepts the costs the collaboration made the member responsible for, through the membership's account", async () => {
    await g.t.resetCalls();
    const res = await g.gql<{ updateMembershipPaymentConfiguration: { id: string; paymentConfiguration: unknown; account: { accountId: string } } }>(
      `mutation { updateMembershipPaymentConfiguration(membershipId: "${demo.m21}", paymentConfiguration: { queryCompute: { isResponsible: false }, jobCompute: { isResponsible: true } }) {
        id account { accountId } paymentConfiguration { queryCompute { isResponsible } jobCompute { isResponsible } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateMembershipPaymentConfiguration).toEqual({
      id: demo.m21,
      account: { accountId: demo.advertiser },
      paymentConfiguration: { queryCompute: { isResponsible: false }, jobCompute: { isResponsible: true } },
    });
    expect(await writes()).toEqual({ [demo.advertiser]: { UpdateMembership: 1 } });
  });

  it("a value that contradicts the collaboration is AWS's refusal, mapped to BAD_USER_INPUT", async () => {
    const res = await g.gql(`mutation { updateMembershipPaymentConfiguration(membershipId: "${demo.m12}", paymentConfiguration: { queryCompute: { isResponsible: true } }) { id } }`);
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", accountId: demo.analytics });
    expect(res.errors![0].message).toContain("queryCompute.isResponsible");
  });
});
