/**
 * Proves on the wire that the overlay makes the unmodified CleanRoomsClient
 * send and return the 2026-05-21 members. A local node:http server records
 * each request and answers canned restJson1 bodies.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CleanRoomsClient,
  CreateCollaborationChangeRequestCommand,
  GetCollaborationChangeRequestCommand,
  GetProtectedJobCommand,
  GetProtectedQueryCommand,
  ListProtectedJobsCommand,
  ListProtectedQueriesCommand,
  MemberChangeSpecification$,
  StartProtectedJobCommand,
  StartProtectedJobInput$,
  StartProtectedQueryCommand,
  StartProtectedQueryInput$,
  UpdateMembershipCommand,
  UpdateMembershipInput$,
  type StartProtectedQueryCommandInput,
} from "@aws-sdk/client-cleanrooms";
import { applySdkOverlay, overlayAdditions } from "../../src/aws/sdk-overlay.js";

const MEMBERSHIP = "11111111-2222-3333-4444-555555555555";
const QUERY = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const JOB = "bbbbbbbb-cccc-dddd-eeee-ffffffffffff";
const COLLAB = "cccccccc-dddd-eeee-ffff-000000000000";
const CHANGE = "dddddddd-eeee-ffff-0000-111111111111";
const MEMBERSHIP_ARN = `arn:aws:cleanrooms:us-east-1:111122223333:membership/${MEMBERSHIP}`;
const CREATE_TIME = 1_780_000_000; // epoch seconds
const PAYER_SENT = "444455556666";
const PAYER_BACK = "777788889999";

interface Recorded {
  method: string;
  url: string;
  body: unknown;
}

let server: Server;
let client: CleanRoomsClient;
let reply: unknown = {};
let received: Recorded | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      received = { method: req.method ?? "", url: req.url ?? "", body: text ? JSON.parse(text) : undefined };
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  client = new CleanRoomsClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = undefined;
  reply = {};
});

const protectedQuery = (extra: Record<string, unknown> = {}) => ({
  id: QUERY,
  membershipId: MEMBERSHIP,
  membershipArn: MEMBERSHIP_ARN,
  createTime: CREATE_TIME,
  status: "SUBMITTED",
  ...extra,
});
const protectedJob = (extra: Record<string, unknown> = {}) => ({
  id: JOB,
  membershipId: MEMBERSHIP,
  membershipArn: MEMBERSHIP_ARN,
  createTime: CREATE_TIME,
  status: "SUBMITTED",
  ...extra,
});
const startQuery: StartProtectedQueryCommandInput = {
  type: "SQL",
  membershipIdentifier: MEMBERSHIP,
  sqlParameters: { queryString: "SELECT 1" },
};

describe("protected queries", () => {
  it("StartProtectedQuery sends queryComputePayerAccountId and returns it", async () => {
    reply = { protectedQuery: protectedQuery({ queryComputePayerAccountId: PAYER_BACK }) };
    const out = await client.send(new StartProtectedQueryCommand({ ...startQuery, queryComputePayerAccountId: PAYER_SENT }));
    expect(received?.method).toBe("POST");
    expect(received?.url).toBe(`/memberships/${MEMBERSHIP}/protectedQueries`);
    expect(received?.body).toEqual({ type: "SQL", sqlParameters: { queryString: "SELECT 1" }, queryComputePayerAccountId: PAYER_SENT });
    expect(out.protectedQuery?.queryComputePayerAccountId).toBe(PAYER_BACK);
    expect(out.protectedQuery?.createTime).toEqual(new Date(CREATE_TIME * 1000));
  });

  it("GetProtectedQuery returns queryComputePayerAccountId", async () => {
    reply = { protectedQuery: protectedQuery({ status: "SUCCESS", queryComputePayerAccountId: PAYER_BACK }) };
    const out = await client.send(new GetProtectedQueryCommand({ membershipIdentifier: MEMBERSHIP, protectedQueryIdentifier: QUERY }));
    expect(received?.url).toBe(`/memberships/${MEMBERSHIP}/protectedQueries/${QUERY}`);
    expect(out.protectedQuery?.queryComputePayerAccountId).toBe(PAYER_BACK);
  });

  it("ListProtectedQueries summaries carry queryComputePayerAccountId", async () => {
    reply = {
      protectedQueries: [
        { ...protectedQuery(), receiverConfigurations: [{ analysisType: "DIRECT_ANALYSIS" }], queryComputePayerAccountId: PAYER_BACK },
        { ...protectedQuery({ id: JOB }), receiverConfigurations: [] },
      ],
    };
    const out = await client.send(new ListProtectedQueriesCommand({ membershipIdentifier: MEMBERSHIP }));
    expect(received?.method).toBe("GET");
    expect(out.protectedQueries?.map((q) => q.queryComputePayerAccountId)).toEqual([PAYER_BACK, undefined]);
  });
});

describe("protected jobs", () => {
  it("StartProtectedJob sends jobComputePayerAccountId and returns it", async () => {
    reply = { protectedJob: protectedJob({ jobComputePayerAccountId: PAYER_BACK }) };
    const analysisTemplateArn = `arn:aws:cleanrooms:us-east-1:111122223333:membership/${MEMBERSHIP}/analysistemplate/abc`;
    const out = await client.send(
      new StartProtectedJobCommand({
        type: "PYSPARK",
        membershipIdentifier: MEMBERSHIP,
        jobParameters: { analysisTemplateArn },
        jobComputePayerAccountId: PAYER_SENT,
      }),
    );
    expect(received?.method).toBe("POST");
    expect(received?.url).toBe(`/memberships/${MEMBERSHIP}/protectedJobs`);
    expect(received?.body).toEqual({ type: "PYSPARK", jobParameters: { analysisTemplateArn }, jobComputePayerAccountId: PAYER_SENT });
    expect(out.protectedJob?.jobComputePayerAccountId).toBe(PAYER_BACK);
  });

  it("GetProtectedJob returns jobComputePayerAccountId", async () => {
    reply = { protectedJob: protectedJob({ status: "SUCCESS", jobComputePayerAccountId: PAYER_BACK }) };
    const out = await client.send(new GetProtectedJobCommand({ membershipIdentifier: MEMBERSHIP, protectedJobIdentifier: JOB }));
    expect(received?.url).toBe(`/memberships/${MEMBERSHIP}/protectedJobs/${JOB}`);
    expect(out.protectedJob?.jobComputePayerAccountId).toBe(PAYER_BACK);
  });

  it("ListProtectedJobs summaries carry jobComputePayerAccountId", async () => {
    reply = {
      protectedJobs: [{ ...protectedJob(), receiverConfigurations: [{ analysisType: "DIRECT_ANALYSIS" }], jobComputePayerAccountId: PAYER_BACK }],
    };
    const out = await client.send(new ListProtectedJobsCommand({ membershipIdentifier: MEMBERSHIP }));
    expect(received?.url).toBe(`/memberships/${MEMBERSHIP}/protectedJobs`);
    expect(out.protectedJobs?.[0]?.jobComputePayerAccountId).toBe(PAYER_BACK);
  });
});

describe("collaboration change requests", () => {
  const memberSpec = {
    accountId: PAYER_SENT,
    memberAbilities: [],
    mlMemberAbilities: { customMLMemberAbilities: ["CAN_RECEIVE_MODEL_OUTPUT" as const] },
    paymentConfiguration: { queryCompute: { isResponsible: true }, jobCompute: { isResponsible: false } },
    displayName: "payer",
  };
  const changeRequest = (types: string[]) => ({
    id: CHANGE,
    collaborationId: COLLAB,
    createTime: CREATE_TIME,
    updateTime: CREATE_TIME,
    status: "PENDING",
    isAutoApproved: false,
    changes: [{ specificationType: "MEMBER", specification: { member: memberSpec }, types }],
  });

  it("CreateCollaborationChangeRequest sends mlMemberAbilities and paymentConfiguration", async () => {
    reply = { collaborationChangeRequest: changeRequest(["ADD_MEMBER"]) };
    await client.send(
      new CreateCollaborationChangeRequestCommand({
        collaborationIdentifier: COLLAB,
        changes: [{ specificationType: "MEMBER", specification: { member: memberSpec } }],
      }),
    );
    expect(received?.method).toBe("POST");
    expect(received?.url).toBe(`/collaborations/${COLLAB}/changeRequests`);
    expect(received?.body).toEqual({ changes: [{ specificationType: "MEMBER", specification: { member: memberSpec } }] });
  });

  it("GetCollaborationChangeRequest returns them, with the new change types", async () => {
    reply = { collaborationChangeRequest: changeRequest(["ADD_PAYER_CANDIDATE", "GRANT_CAN_RECEIVE_MODEL_OUTPUT"]) };
    const out = await client.send(new GetCollaborationChangeRequestCommand({ collaborationIdentifier: COLLAB, changeRequestIdentifier: CHANGE }));
    expect(received?.url).toBe(`/collaborations/${COLLAB}/changeRequests/${CHANGE}`);
    const change = out.collaborationChangeRequest?.changes?.[0];
    expect(change?.specification?.member).toEqual(memberSpec);
    expect(change?.types).toEqual(["ADD_PAYER_CANDIDATE", "GRANT_CAN_RECEIVE_MODEL_OUTPUT"]);
  });
});

describe("memberships", () => {
  it("UpdateMembership sends membershipPaymentConfiguration", async () => {
    const membershipPaymentConfiguration = {
      queryCompute: { isResponsible: false },
      machineLearning: { modelTraining: { isResponsible: true } },
      jobCompute: { isResponsible: true },
    };
    reply = {
      membership: {
        id: MEMBERSHIP,
        arn: MEMBERSHIP_ARN,
        collaborationArn: `arn:aws:cleanrooms:us-east-1:111122223333:collaboration/${COLLAB}`,
        collaborationId: COLLAB,
        collaborationCreatorAccountId: "111122223333",
        collaborationCreatorDisplayName: "creator",
        collaborationName: "collab",
        createTime: CREATE_TIME,
        updateTime: CREATE_TIME,
        status: "ACTIVE",
        memberAbilities: ["CAN_QUERY"],
        queryLogStatus: "DISABLED",
        paymentConfiguration: membershipPaymentConfiguration,
      },
    };
    const out = await client.send(new UpdateMembershipCommand({ membershipIdentifier: MEMBERSHIP, membershipPaymentConfiguration }));
    expect(received?.method).toBe("PATCH");
    expect(received?.url).toBe(`/memberships/${MEMBERSHIP}`);
    expect(received?.body).toEqual({ membershipPaymentConfiguration });
    expect(out.membership?.paymentConfiguration).toEqual(membershipPaymentConfiguration);
  });
});

describe("the overlay itself", () => {
  const EXPECTED = [
    "StartProtectedQueryInput.queryComputePayerAccountId",
    "ProtectedQuery.queryComputePayerAccountId",
    "ProtectedQuerySummary.queryComputePayerAccountId",
    "StartProtectedJobInput.jobComputePayerAccountId",
    "ProtectedJob.jobComputePayerAccountId",
    "ProtectedJobSummary.jobComputePayerAccountId",
    "MemberChangeSpecification.mlMemberAbilities",
    "MemberChangeSpecification.paymentConfiguration",
    "UpdateMembershipInput.membershipPaymentConfiguration",
  ];

  it("reports exactly what it added (on import)", () => {
    expect(overlayAdditions()).toEqual(EXPECTED);
  });

  it("is idempotent: applying again adds nothing", () => {
    const lengths = () => [StartProtectedQueryInput$, StartProtectedJobInput$, MemberChangeSpecification$, UpdateMembershipInput$].map((s) => [s[4].length, s[5].length]);
    const before = lengths();
    applySdkOverlay();
    applySdkOverlay();
    expect(lengths()).toEqual(before);
    expect(overlayAdditions()).toEqual(EXPECTED);
    expect(StartProtectedQueryInput$[4].filter((m) => m === "queryComputePayerAccountId")).toHaveLength(1);
  });
});

describe("negative control", () => {
  it("a member the overlay does not add is dropped both ways", async () => {
    reply = { protectedQuery: protectedQuery({ madeUpField: "x" }) };
    const input = { ...startQuery, madeUpField: "y" } as StartProtectedQueryCommandInput;
    const out = await client.send(new StartProtectedQueryCommand(input));
    expect(received?.body).toEqual({ type: "SQL", sqlParameters: { queryString: "SELECT 1" } });
    expect(out.protectedQuery).not.toHaveProperty("madeUpField");
    expect(out.protectedQuery?.id).toBe(QUERY);
  });
});
