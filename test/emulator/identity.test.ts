/**
 * Who is calling, through the real SDK clients: STS AssumeRole for the
 * scenario's roles only, credential lifetimes on the emulator's clock,
 * attribution of Clean Rooms calls to the assumed account, and the refusals
 * AWS answers for bad keys, signatures, tokens and resources.
 */
import {
  CleanRoomsClient,
  GetCollaborationCommand,
  GetMembershipCommand,
  ListCollaborationsCommand,
  ListMembershipsCommand,
} from "@aws-sdk/client-cleanrooms";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type Credentials } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const stsAs = (t: TestEmulator, credentials: Keys) =>
  new STSClient({ endpoint: t.url, region: t.scenario.region, credentials, maxAttempts: 1 });
const cleanroomsAs = (t: TestEmulator, credentials: Keys) =>
  new CleanRoomsClient({ endpoint: t.url, region: t.scenario.region, credentials, maxAttempts: 1 });
const keysOf = (c: Credentials | undefined): Keys => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});

/** The SDK error a call fails with, as name and HTTP status. */
async function failure(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error("the call succeeded; a failure was expected");
}

function account(t: TestEmulator, accountId: string) {
  const a = t.scenario.accounts.find((x) => x.accountId === accountId);
  if (!a) throw new Error(`no account ${accountId}`);
  return a;
}

/** AWS reports Expiration to the second. */
const expirationAfter = (nowMs: number, seconds: number) => new Date(Math.floor((nowMs + seconds * 1000) / 1000) * 1000);

describe("with the default credential lifetime", () => {
  let t: TestEmulator;
  beforeAll(async () => (t = await startTestEmulator()));
  afterAll(() => t.close());

  const assume = (accountId: string, extra: { ExternalId?: string; DurationSeconds?: number } = {}) =>
    t.sts().send(new AssumeRoleCommand({ RoleArn: account(t, accountId).roleArn, RoleSessionName: "identity-test", ...extra }));

  it("assumes each scenario role, for an hour of the emulator's clock by default", async () => {
    for (const a of t.scenario.accounts) {
      const out = await assume(a.accountId, { ExternalId: a.externalId });
      expect(out.Credentials!.Expiration).toEqual(expirationAfter(t.emulator.clock.now(), 3600));
      expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA/);
      const roleName = a.roleArn.split("/").pop();
      expect(out.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${a.accountId}:assumed-role/${roleName}/identity-test`);
    }
  });

  it("honours DurationSeconds from 900 to 43200 and refuses values outside", async () => {
    for (const seconds of [900, 7200, 43200]) {
      const out = await assume(demo.advertiser, { DurationSeconds: seconds });
      expect(out.Credentials!.Expiration).toEqual(expirationAfter(t.emulator.clock.now(), seconds));
    }
    for (const seconds of [899, 43201]) {
      const f = await failure(assume(demo.advertiser, { DurationSeconds: seconds }));
      expect(f).toMatchObject({ name: "ValidationError", status: 400 });
      expect(f.message).toContain("DurationSeconds");
    }
  });

  it("refuses roles the scenario does not define", async () => {
    const unknownAccount = t.sts().send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::555555555555:role/CleanRoomsGraphGateway", RoleSessionName: "unknown-role" }));
    expect(await failure(unknownAccount)).toMatchObject({ name: "AccessDenied", status: 403 });
    const unknownRole = t.sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${demo.advertiser}:role/Administrator`, RoleSessionName: "unknown-role" }));
    expect(await failure(unknownRole)).toMatchObject({ name: "AccessDenied", status: 403 });
  });

  it("needs the role's ExternalId where the role has one", async () => {
    const externalId = account(t, demo.analytics).externalId!;
    expect(await failure(assume(demo.analytics))).toMatchObject({ name: "AccessDenied", status: 403 });
    expect(await failure(assume(demo.analytics, { ExternalId: `${externalId}x` }))).toMatchObject({ name: "AccessDenied", status: 403 });
    const out = await assume(demo.analytics, { ExternalId: externalId });
    expect(out.AssumedRoleUser!.Arn).toContain(`::${demo.analytics}:assumed-role/`);
    // A role whose trust policy has no ExternalId condition ignores one that is sent.
    await expect(assume(demo.advertiser, { ExternalId: externalId })).resolves.toBeDefined();
  });

  it("reports the caller's account and ARN in GetCallerIdentity", async () => {
    const gateway = await t.sts().send(new GetCallerIdentityCommand({}));
    expect(gateway).toMatchObject({ Account: t.scenario.gateway.accountId, Arn: t.scenario.gateway.arn });
    const out = await assume(demo.publisher);
    const assumed = await stsAs(t, keysOf(out.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(assumed).toMatchObject({ Account: demo.publisher, Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId });
  });

  it("attributes Clean Rooms calls to the assumed account", async () => {
    const publisher = await t.cleanrooms(demo.publisher);
    const advertiser = await t.cleanrooms(demo.advertiser);
    await t.resetCalls();
    await publisher.send(new ListMembershipsCommand({}));
    await advertiser.send(new ListCollaborationsCommand({}));
    await advertiser.send(new ListCollaborationsCommand({}));
    expect((await t.calls()).byAccount).toEqual({
      [demo.publisher]: { ListMemberships: 1 },
      [demo.advertiser]: { ListCollaborations: 2 },
    });
  });

  it("refuses an unknown access key", async () => {
    const stranger = { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "some-secret-key-of-nobody" };
    expect(await failure(cleanroomsAs(t, stranger).send(new ListCollaborationsCommand({})))).toMatchObject({
      name: "UnrecognizedClientException",
      status: 403,
    });
    expect(await failure(stsAs(t, stranger).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
  });

  it("refuses a request signed with the wrong secret", async () => {
    const { Credentials } = await assume(demo.advertiser);
    const wrong = { ...keysOf(Credentials), secretAccessKey: `${Credentials!.SecretAccessKey!}x` };
    expect(await failure(cleanroomsAs(t, wrong).send(new ListCollaborationsCommand({})))).toMatchObject({
      name: "InvalidSignatureException",
      status: 403,
    });
    const gatewayWrong = { accessKeyId: t.scenario.gateway.accessKeyId, secretAccessKey: "emulator-gateway-secret-but-wrong" };
    expect(await failure(stsAs(t, gatewayWrong).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "SignatureDoesNotMatch", status: 403 });
  });

  it("refuses a temporary key without its own session token", async () => {
    const first = keysOf((await assume(demo.advertiser)).Credentials);
    const second = keysOf((await assume(demo.advertiser)).Credentials);
    const withoutToken = { accessKeyId: first.accessKeyId, secretAccessKey: first.secretAccessKey };
    expect(await failure(cleanroomsAs(t, withoutToken).send(new ListCollaborationsCommand({})))).toMatchObject({
      name: "UnrecognizedClientException",
      status: 403,
    });
    expect(await failure(stsAs(t, withoutToken).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
    const othersToken = { ...first, sessionToken: second.sessionToken };
    expect(await failure(cleanroomsAs(t, othersToken).send(new ListCollaborationsCommand({})))).toMatchObject({
      name: "UnrecognizedClientException",
      status: 403,
    });
    await expect(cleanroomsAs(t, first).send(new ListCollaborationsCommand({}))).resolves.toBeDefined();
  });

  it("hides a membership from accounts that do not hold it", async () => {
    const holder = await t.cleanrooms(demo.advertiser);
    expect((await holder.send(new GetMembershipCommand({ membershipIdentifier: demo.m11 }))).membership!.id).toBe(demo.m11);
    const other = await t.cleanrooms(demo.analytics);
    expect(await failure(other.send(new GetMembershipCommand({ membershipIdentifier: demo.m11 })))).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
    });
  });

  it("denies a collaboration to an account that is not a member", async () => {
    const member = await t.cleanrooms(demo.advertiser);
    expect((await member.send(new GetCollaborationCommand({ collaborationIdentifier: demo.partnerPanel }))).collaboration!.id).toBe(demo.partnerPanel);
    const outsider = await t.cleanrooms(demo.analytics);
    expect(await failure(outsider.send(new GetCollaborationCommand({ collaborationIdentifier: demo.partnerPanel })))).toMatchObject({
      name: "AccessDeniedException",
      status: 403,
    });
  });
});

describe("with a configured credential lifetime", () => {
  let t: TestEmulator;
  beforeAll(async () => (t = await startTestEmulator({ credentialLifetimeSeconds: 900 })));
  afterAll(() => t.close());

  it("issues credentials for that lifetime, which then expire on the emulator's clock", async () => {
    const { Credentials } = await t.sts().send(
      new AssumeRoleCommand({ RoleArn: account(t, demo.advertiser).roleArn, RoleSessionName: "expiry" }),
    );
    expect(Credentials!.Expiration).toEqual(expirationAfter(t.emulator.clock.now(), 900));
    const keys = keysOf(Credentials);
    const client = cleanroomsAs(t, keys);
    await t.advance(899_000);
    await expect(client.send(new ListCollaborationsCommand({}))).resolves.toBeDefined();
    await t.advance(1_000);
    expect(await failure(client.send(new ListCollaborationsCommand({})))).toMatchObject({ name: "ExpiredTokenException", status: 403 });
    expect(await failure(stsAs(t, keys).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "ExpiredToken", status: 403 });
  });
});
