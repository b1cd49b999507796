/**
 * classifyAwsError on real errors: the SDK's, parsed from the emulator's
 * wire answers (Clean Rooms restJson1 and STS query), and the pool's own.
 */
import {
  CleanRoomsClient,
  CreateCollaborationCommand,
  CreateMembershipCommand,
  GetCollaborationCommand,
  GetMembershipCommand,
  ListMembershipsCommand,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-cleanrooms";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CleanRoomsCommand } from "../../src/aws/clients";
import { AccountCredentialsError, classifyAwsError, scrubMessage } from "../../src/aws/errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { federatedAccounts } from "../support/emulator";
import { callCount, gatewayPool, GATEWAY_ACCOUNT } from "./gateway-pool";

const failure = (p: Promise<unknown>) => p.then(() => expect.fail("expected a failure"), (e: unknown) => e);

describe("from the emulator", () => {
  let t: TestEmulator;
  beforeAll(async () => (t = await startTestEmulator()));
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const sendAs = async <I extends ServiceInputTypes, O extends ServiceOutputTypes>(accountId: string, command: CleanRoomsCommand<I, O>) => {
    const g = await gatewayPool(t);
    try {
      return await failure(g.pool.send(accountId, /^(List|Get)/.test(command.constructor.name) ? "read" : "write", command));
    } finally {
      g.pool.destroy();
    }
  };

  it("ValidationException → BAD_USER_INPUT with AWS's message, which names the field", async () => {
    const e = await sendAs(
      demo.advertiser,
      new CreateCollaborationCommand({
        name: "Self-invited",
        description: "The creator listed as a member",
        members: [{ accountId: demo.advertiser, displayName: "Me again", memberAbilities: [] }],
        creatorMemberAbilities: ["CAN_QUERY"],
        creatorDisplayName: "Advertiser",
        queryLogStatus: "DISABLED",
      }),
    );
    expect(classifyAwsError(e, demo.advertiser)).toEqual({
      code: "BAD_USER_INPUT",
      message: `members[0].accountId: account ${demo.advertiser} is listed twice or is the creator`,
      accountId: demo.advertiser,
    });
  });

  it("AccessDeniedException → FORBIDDEN", async () => {
    const e = await sendAs(demo.analytics, new GetCollaborationCommand({ collaborationIdentifier: demo.partnerPanel }));
    expect(classifyAwsError(e, demo.analytics)).toEqual({
      code: "FORBIDDEN",
      message: `Account ${demo.analytics} is not a member of collaboration ${demo.partnerPanel}.`,
      accountId: demo.analytics,
    });
  });

  it("ResourceNotFoundException → NOT_FOUND", async () => {
    const missing = "bbbbbbbb-0009-4000-8000-000000000009";
    const e = await sendAs(demo.advertiser, new GetMembershipCommand({ membershipIdentifier: missing }));
    expect(classifyAwsError(e, demo.advertiser)).toEqual({ code: "NOT_FOUND", message: `Membership ${missing} not found.`, accountId: demo.advertiser });
  });

  it("ConflictException → CONFLICT", async () => {
    const e = await sendAs(demo.advertiser, new CreateMembershipCommand({ collaborationIdentifier: demo.retailMedia, queryLogStatus: "DISABLED" }));
    expect(classifyAwsError(e, demo.advertiser)).toEqual({
      code: "CONFLICT",
      message: `Account ${demo.advertiser} already has a membership in collaboration ${demo.retailMedia}.`,
      accountId: demo.advertiser,
    });
  });

  it("a wrong ExternalId → ACCOUNT_UNAVAILABLE, without the role ARN STS names", async () => {
    const account = federatedAccounts(t).find((a) => a.accountId === demo.analytics)!;
    const g = await gatewayPool(t, { accounts: [{ ...account, externalId: "not-the-external-id" }] });
    const e = await failure(g.pool.send(demo.analytics, "read", new ListMembershipsCommand({})));
    g.pool.destroy();
    expect(e).toBeInstanceOf(AccountCredentialsError);
    const sts = (e as AccountCredentialsError).cause as Error;
    expect(sts.name).toBe("AccessDenied");
    expect(sts.message).toContain(account.roleArn);
    const expected = { code: "ACCOUNT_UNAVAILABLE", accountId: demo.analytics };
    expect(classifyAwsError(e, demo.analytics)).toEqual({ ...expected, message: `Account ${demo.analytics} is unavailable: the gateway could not assume its role.` });
    expect(classifyAwsError(sts, demo.analytics)).toEqual({ ...expected, message: `Account ${demo.analytics} is unavailable: AWS refused the gateway's credentials for it.` });
    // AccessDenied is not retryable: one AssumeRole, no Clean Rooms call.
    expect(await callCount(t, GATEWAY_ACCOUNT, "AssumeRole")).toBe(1);
    expect((await t.calls()).byAccount[demo.analytics]).toBeUndefined();
  });

  it("the raw STS AccessDenied scrubbed keeps the sentence and drops both principals", async () => {
    const account = t.scenario.accounts.find((a) => a.accountId === demo.analytics)!;
    const sts = t.sts();
    const e = (await failure(sts.send(new AssumeRoleCommand({ RoleArn: account.roleArn, RoleSessionName: "probe", ExternalId: "wrong" })))) as Error;
    sts.destroy();
    expect(e.message).toBe(`User: ${t.scenario.gateway.arn} is not authorized to perform: sts:AssumeRole on resource: ${account.roleArn}`);
    expect(scrubMessage(e.message)).toBe("User: [redacted principal] is not authorized to perform: sts:AssumeRole on resource: [redacted principal]");
  });

  it("ExpiredTokenException and UnrecognizedClientException → ACCOUNT_UNAVAILABLE", async () => {
    const client = await t.cleanrooms(demo.publisher);
    await t.advance(3_601_000);
    const expired = (await failure(client.send(new ListMembershipsCommand({})))) as Error;
    expect(expired.name).toBe("ExpiredTokenException");
    const stranger = new CleanRoomsClient({
      endpoint: t.url,
      region: t.scenario.region,
      credentials: { accessKeyId: "AKIANOTAKNOWNKEY0001", secretAccessKey: "nope" },
      maxAttempts: 1,
    });
    const unknown = (await failure(stranger.send(new ListMembershipsCommand({})))) as Error;
    stranger.destroy();
    expect(unknown.name).toBe("UnrecognizedClientException");
    for (const e of [expired, unknown]) {
      expect(classifyAwsError(e, demo.publisher)).toEqual({
        code: "ACCOUNT_UNAVAILABLE",
        message: `Account ${demo.publisher} is unavailable: AWS refused the gateway's credentials for it.`,
        accountId: demo.publisher,
      });
    }
  });

  it("an unreachable STS → ACCOUNT_UNAVAILABLE after retries", async () => {
    const g = await gatewayPool(t, { stsEndpoint: "http://127.0.0.1:1" });
    const e = await failure(g.pool.send(demo.advertiser, "read", new ListMembershipsCommand({})));
    g.pool.destroy();
    expect(((e as AccountCredentialsError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
    expect(classifyAwsError(e, demo.advertiser).code).toBe("ACCOUNT_UNAVAILABLE");
  });
});

describe("without the emulator", () => {
  const sdkError = (name: string, status: number, message = "") => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it("other 5xx → UPSTREAM_ERROR; unknown errors → INTERNAL_SERVER_ERROR with a fixed message", () => {
    expect(classifyAwsError(sdkError("NotImplemented", 501), "1").code).toBe("UPSTREAM_ERROR");
    expect(classifyAwsError(sdkError("ServiceUnavailable", 503), "1").code).toBe("UPSTREAM_ERROR");
    expect(classifyAwsError(new TypeError("Cannot read properties of undefined\n    at x (/srv/a.js:1:1)"), "1")).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      message: "Internal server error.",
      accountId: "1",
    });
  });

  it("never throws, whatever it is given", () => {
    const hostile = {
      get name(): string {
        throw new Error("gotcha");
      },
    };
    for (const e of [undefined, null, 42, "ValidationException", {}, hostile]) {
      expect(classifyAwsError(e, "1")).toEqual({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error.", accountId: "1" });
    }
  });

  it("scrubs key ids, request ids and stack frames from messages it keeps", () => {
    const e = sdkError(
      "ValidationException",
      400,
      "Key ASIAABCDEFGHIJKLMNOP for arn:aws:iam::111111111111:role/Admin is invalid (Request ID: 4d3c2b1a-0000-4000-8000-000000000001).\n    at parse (/srv/x.js:1:1)",
    );
    expect(classifyAwsError(e, "111111111111").message).toBe("Key [redacted id] for [redacted principal] is invalid.");
  });

  it("keeps ARNs of Clean Rooms resources", () => {
    const arn = "arn:aws:cleanrooms:us-east-1:111111111111:membership/bbbbbbbb-0001-4000-8000-000000000001";
    expect(scrubMessage(`Membership ${arn} is not active.`)).toBe(`Membership ${arn} is not active.`);
  });
});
