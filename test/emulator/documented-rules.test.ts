/**
 * Two rules the model documents in prose, through the real SDK:
 * - JobComputePaymentConfig: "An error is returned if the collaboration
 *   creator sets a FALSE value for the member who can run queries and jobs"
 *   (read as the member with CAN_RUN_JOB; see rules/creator-payments.ts);
 * - ProtectedQueryS3OutputConfiguration.singleFileOutput: "only supported for
 *   analyses with the Spark analytics engine".
 */
import "../../src/aws/sdk-overlay";
import {
  CreateCollaborationChangeRequestCommand,
  CreateCollaborationCommand,
  UpdateMembershipCommand,
  type CreateCollaborationCommandInput,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../support/aws-errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { runCalls } from "./run-calls";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());
beforeEach(() => t.reset());

const free = { isResponsible: false };
const pays = { isResponsible: true };

const create = async (input: Omit<Partial<CreateCollaborationCommandInput>, "description">) =>
  (await t.cleanrooms(demo.partner)).send(
    new CreateCollaborationCommand({
      name: "Rules",
      description: "Documented rules",
      creatorDisplayName: "Partner",
      creatorMemberAbilities: ["CAN_RECEIVE_RESULTS"],
      members: [],
      queryLogStatus: "DISABLED",
      ...input,
    }),
  );

describe("the creator setting FALSE for the member who can run jobs", () => {
  it("is refused for an invited member, naming its field", async () => {
    const e = await refusal(
      create({
        members: [
          { accountId: demo.advertiser, displayName: "Advertiser", memberAbilities: ["CAN_QUERY"] },
          { accountId: demo.publisher, displayName: "Publisher", memberAbilities: ["CAN_RUN_JOB"], paymentConfiguration: { queryCompute: free, jobCompute: free } },
        ],
      }),
    );
    expect(e.name).toBe("ValidationException");
    expect(e.reason).toBe("FIELD_VALIDATION_FAILED");
    expect(e.fieldList?.map((f) => f.name)).toEqual(["members[1].paymentConfiguration.jobCompute.isResponsible"]);
  });

  it("is refused for the creator itself", async () => {
    const e = await refusal(
      create({ creatorMemberAbilities: ["CAN_QUERY", "CAN_RUN_JOB"], creatorPaymentConfiguration: { queryCompute: pays, jobCompute: free } }),
    );
    expect(e.fieldList?.map((f) => f.name)).toEqual(["creatorPaymentConfiguration.jobCompute.isResponsible"]);
  });

  it("is refused in a change request, which the creator submits too", async () => {
    // The publisher creates Publisher audience insights and can run jobs there.
    const publisher = await t.cleanrooms(demo.publisher);
    const e = await refusal(
      publisher.send(
        new CreateCollaborationChangeRequestCommand({
          collaborationIdentifier: demo.audienceInsights,
          changes: [
            {
              specificationType: "MEMBER",
              specification: {
                member: {
                  accountId: demo.publisher,
                  memberAbilities: ["CAN_QUERY", "CAN_RUN_JOB", "CAN_RECEIVE_RESULTS"],
                  paymentConfiguration: { queryCompute: pays, jobCompute: free },
                },
              },
            },
          ],
        }),
      ),
    );
    expect(e.fieldList?.map((f) => f.name)).toEqual(["changes[0].specification.member.paymentConfiguration.jobCompute.isResponsible"]);
  });

  it("is allowed where the model documents no error: query compute FALSE for the querier, job compute FALSE for a member who cannot run jobs", async () => {
    const out = await create({
      members: [
        { accountId: demo.advertiser, displayName: "Advertiser", memberAbilities: ["CAN_QUERY"], paymentConfiguration: { queryCompute: free, jobCompute: free } },
        { accountId: demo.publisher, displayName: "Publisher", memberAbilities: ["CAN_RUN_JOB"], paymentConfiguration: { queryCompute: pays } },
      ],
    });
    expect(out.collaboration!.id).toBeDefined();
  });
});

describe("singleFileOutput", () => {
  const { start, get } = runCalls(() => t, "query", { type: "SQL", sqlParameters: { queryString: "SELECT 1" } });
  const s3 = (singleFileOutput: boolean) => ({ resultFormat: "CSV" as const, bucket: "results", singleFileOutput });

  it("is refused outside Spark, set either way, directly or in a distribute location", async () => {
    // Retail media measurement runs on CLEAN_ROOMS_SQL.
    const direct = await refusal(
      start(demo.advertiser, demo.m11, { queryComputePayerAccountId: demo.advertiser, resultConfiguration: { outputConfiguration: { s3: s3(true) } } }),
    );
    expect(direct.name).toBe("ValidationException");
    expect(direct.fieldList?.map((f) => f.name)).toEqual(["resultConfiguration.outputConfiguration.s3.singleFileOutput"]);
    const distributed = await refusal(
      start(demo.advertiser, demo.m11, {
        queryComputePayerAccountId: demo.advertiser,
        resultConfiguration: { outputConfiguration: { distribute: { locations: [{ s3: s3(false) }, { member: { accountId: demo.partner } }] } } },
      }),
    );
    expect(distributed.fieldList?.map((f) => f.name)).toEqual(["resultConfiguration.outputConfiguration.distribute.locations[0].s3.singleFileOutput"]);
  });

  it("is refused in a membership's default result configuration outside Spark", async () => {
    const advertiser = await t.cleanrooms(demo.advertiser);
    const e = await refusal(
      advertiser.send(new UpdateMembershipCommand({ membershipIdentifier: demo.m11, defaultResultConfiguration: { outputConfiguration: { s3: s3(true) } } })),
    );
    expect(e.fieldList?.map((f) => f.name)).toEqual(["defaultResultConfiguration.outputConfiguration.s3.singleFileOutput"]);
  });

  it("is kept on a Spark collaboration's query", async () => {
    // Publisher audience insights runs on SPARK; the publisher queries there and pays (no candidate configured).
    const q = await start(demo.publisher, demo.m23, { resultConfiguration: { outputConfiguration: { s3: s3(true) } } });
    expect((await get(demo.publisher, demo.m23, q.id!)).resultConfiguration).toEqual({ outputConfiguration: { s3: s3(true) } });
  });
});
