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

  it("cancelling a finished query is AWS's CONFLICT, mapped", async () => {
    const res = await g.gql(`mutation { cancelProtectedQuery(membershipId: "${demo.m11}", id: "dddddddd-0001-4000-8000-000000000006") { id } }`);
    expect(res.errors![0].extensions).toMatchObject({ code: "CONFLICT", accountId: demo.advertiser });
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
