/**
 * The control plane under /_emulator/: call counts, injected faults as the
 * real SDK sees them, the manual clock, reset, and the scenario view.
 */
import { CleanRoomsClient, CreateCollaborationCommand, ListCollaborationsCommand, ListMembershipsCommand } from "@aws-sdk/client-cleanrooms";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());

/** A control call's status and JSON body, whatever the status. */
async function raw(method: string, path: string, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${t.url}${path}`, { method, headers: { "content-type": "application/json" }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function failure(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; code?: string }> {
  try {
    await call;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number }; code?: string };
    return { name: err.name, status: err.$metadata?.httpStatusCode, ...(err.code ? { code: err.code } : {}) };
  }
  throw new Error("the call succeeded; a failure was expected");
}

const setFaults = (rules: unknown[]) => t.control("POST", "/_emulator/faults", { rules });
const listCollaborations = async (accountId: string) => (await t.cleanrooms(accountId)).send(new ListCollaborationsCommand({}));

describe("calls", () => {
  it("counts calls by account and operation, and resets", async () => {
    const advertiser = await t.cleanrooms(demo.advertiser);
    const publisher = await t.cleanrooms(demo.publisher);
    await t.resetCalls();
    await advertiser.send(new ListCollaborationsCommand({}));
    await advertiser.send(new ListMembershipsCommand({}));
    await publisher.send(new ListMembershipsCommand({}));
    await t.sts().send(new GetCallerIdentityCommand({}));
    await fetch(`${t.url}/collaborations`); // unsigned
    expect(await t.calls()).toEqual({
      total: 5,
      byAccount: {
        [demo.advertiser]: { ListCollaborations: 1, ListMemberships: 1 },
        [demo.publisher]: { ListMemberships: 1 },
        [t.scenario.gateway.accountId]: { GetCallerIdentity: 1 },
        unauthenticated: { ListCollaborations: 1 },
      },
      byOperation: { GetCallerIdentity: 1, ListCollaborations: 2, ListMemberships: 2 },
      // Signed calls again, by account and the region they were signed for (the unsigned one has none).
      byRegion: {
        [`${demo.advertiser}/${t.scenario.region}`]: { ListCollaborations: 1, ListMemberships: 1 },
        [`${demo.publisher}/${t.scenario.region}`]: { ListMemberships: 1 },
        [`${t.scenario.gateway.accountId}/${t.scenario.region}`]: { GetCallerIdentity: 1 },
      },
    });
    const after = await t.control("POST", "/_emulator/calls/reset");
    expect(after).toEqual({ total: 0, byAccount: {}, byOperation: {}, byRegion: {} });
    expect(await t.calls()).toEqual({ total: 0, byAccount: {}, byOperation: {}, byRegion: {} });
  });
});

describe("faults", () => {
  afterEach(() => setFaults([]));

  it("throttles with ThrottlingException (429)", async () => {
    await setFaults([{ operation: "ListCollaborations", throttleRate: 1 }]);
    expect(await failure(listCollaborations(demo.advertiser))).toEqual({ name: "ThrottlingException", status: 429 });
    // Other operations are untouched.
    await expect((await t.cleanrooms(demo.advertiser)).send(new ListMembershipsCommand({}))).resolves.toBeDefined();
  });

  it("fails with InternalServerException (500)", async () => {
    await setFaults([{ operation: "*", internalErrorRate: 1 }]);
    expect(await failure(listCollaborations(demo.advertiser))).toEqual({ name: "InternalServerException", status: 500 });
  });

  it("drops the connection", async () => {
    await setFaults([{ operation: "ListCollaborations", dropRate: 1 }]);
    // No HTTP response at all: the SDK reports the reset socket (naming it TimeoutError, which it retries).
    expect(await failure(listCollaborations(demo.advertiser))).toEqual({ name: "TimeoutError", status: undefined, code: "ECONNRESET" });
  });

  it("lapses a rule after `times` calls", async () => {
    await setFaults([{ operation: "ListCollaborations", throttleRate: 1, times: 2 }]);
    expect((await failure(listCollaborations(demo.advertiser))).name).toBe("ThrottlingException");
    expect((await failure(listCollaborations(demo.advertiser))).name).toBe("ThrottlingException");
    await expect(listCollaborations(demo.advertiser)).resolves.toBeDefined();
    expect(await t.control("GET", "/_emulator/faults")).toEqual({
      rules: [{ operation: "ListCollaborations", throttleRate: 1, times: 0, latencyMs: 0, jitterMs: 0, internalErrorRate: 0, dropRate: 0 }],
    });
  });

  it("scopes a rule to one account", async () => {
    await setFaults([{ operation: "ListCollaborations", accountId: demo.advertiser, throttleRate: 1 }]);
    expect((await failure(listCollaborations(demo.advertiser))).name).toBe("ThrottlingException");
    await expect(listCollaborations(demo.publisher)).resolves.toBeDefined();
  });

  it("adds latency", async () => {
    await setFaults([{ operation: "ListCollaborations", latencyMs: 300 }]);
    const client = await t.cleanrooms(demo.advertiser);
    const started = performance.now();
    await client.send(new ListCollaborationsCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("refuses a bad body with 400 naming the field, and keeps the rules it had", async () => {
    await setFaults([{ operation: "ListMemberships", throttleRate: 1 }]);
    const badRate = await raw("POST", "/_emulator/faults", JSON.stringify({ rules: [{ operation: "ListCollaborations", throttleRate: 2 }] }));
    expect(badRate.status).toBe(400);
    expect(badRate.json.error).toMatch(/^rules\.0\.throttleRate: /);
    const noOperation = await raw("POST", "/_emulator/faults", JSON.stringify({ rules: [{ latencyMs: 10 }] }));
    expect(noOperation.status).toBe(400);
    expect(noOperation.json.error).toMatch(/^rules\.0\.operation: /);
    const badAccount = await raw("POST", "/_emulator/faults", JSON.stringify({ rules: [{ operation: "*", accountId: "12345" }] }));
    expect(badAccount.status).toBe(400);
    expect(badAccount.json.error).toMatch(/^rules\.0\.accountId: /);
    const notJson = await raw("POST", "/_emulator/faults", "{rules:");
    expect(notJson).toEqual({ status: 400, json: { error: "the body is not JSON" } });
    expect(((await t.control("GET", "/_emulator/faults")) as { rules: { operation: string }[] }).rules.map((r) => r.operation)).toEqual([
      "ListMemberships",
    ]);
  });
});

describe("clock", () => {
  it("advances a manual clock by exactly the amount asked", async () => {
    const before = await t.control<{ mode: string; epochMillis: number }>("GET", "/_emulator/clock");
    expect(before.mode).toBe("manual");
    const after = await t.control<{ epochMillis: number; now: string }>("POST", "/_emulator/clock", { advanceMs: 1500, advanceSeconds: 2 });
    expect(after.epochMillis).toBe(before.epochMillis + 3500);
    expect(after.now).toBe(new Date(before.epochMillis + 3500).toISOString());
    expect(t.emulator.clock.now()).toBe(before.epochMillis + 3500);
  });

  it("refuses a negative advance", async () => {
    const r = await raw("POST", "/_emulator/clock", JSON.stringify({ advanceMs: -1 }));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^advanceMs: /);
  });

  it("refuses to advance a real clock (409)", async () => {
    const real = await startTestEmulator({ clock: "real" });
    try {
      const res = await fetch(`${real.url}/_emulator/clock`, { method: "POST", body: JSON.stringify({ advanceMs: 1000 }) });
      expect(res.status).toBe(409);
    } finally {
      await real.close();
    }
  });
});

describe("reset", () => {
  it("reloads the scenario and clears calls and faults", async () => {
    const advertiser = await t.cleanrooms(demo.advertiser);
    const created = await advertiser.send(
      new CreateCollaborationCommand({
        name: "Made by a test",
        description: "disappears on reset",
        members: [],
        creatorMemberAbilities: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"],
        creatorDisplayName: "Advertiser",
        queryLogStatus: "DISABLED",
      }),
    );
    const id = created.collaboration!.id!;
    expect((await advertiser.send(new ListCollaborationsCommand({}))).collaborationList!.map((c) => c.id)).toContain(id);
    await setFaults([{ operation: "GetMembership", throttleRate: 1 }]);

    expect(await t.control("POST", "/_emulator/reset")).toEqual({ reset: true });

    expect(await t.calls()).toEqual({ total: 0, byAccount: {}, byOperation: {}, byRegion: {} });
    expect(await t.control("GET", "/_emulator/faults")).toEqual({ rules: [] });
    // Credentials issued before the reset still work, as AWS does not revoke them.
    const ids = (await advertiser.send(new ListCollaborationsCommand({}))).collaborationList!.map((c) => c.id).sort();
    expect(ids).toEqual([demo.retailMedia, demo.audienceInsights, demo.partnerPanel].sort());
  });
});

describe("scenario", () => {
  it("lists the accounts with their role, external id and federation", async () => {
    const view = await t.control<{ accounts: unknown[]; gateway: { accountId: string; arn: string } }>("GET", "/_emulator/scenario");
    expect(view.accounts).toEqual([
      { accountId: "111111111111", alias: "advertiser-prod", federated: true, roleArn: "arn:aws:iam::111111111111:role/CleanRoomsGraphGateway" },
      {
        accountId: "222222222222",
        alias: "advertiser-analytics",
        federated: true,
        roleArn: "arn:aws:iam::222222222222:role/CleanRoomsGraphGateway",
        externalId: "cleanrooms-graph-7f3c2a",
      },
      { accountId: "333333333333", alias: "publisher-prod", federated: true, roleArn: "arn:aws:iam::333333333333:role/CleanRoomsGraphGateway" },
      { accountId: "444444444444", alias: "measurement-partner", federated: false, roleArn: "arn:aws:iam::444444444444:role/PartnerOperator" },
    ]);
    expect(view.gateway).toMatchObject({ accountId: "999999999999", arn: "arn:aws:iam::999999999999:user/cleanrooms-graph" });
  });
});

describe("routing", () => {
  it("answers 404 for an unknown control path", async () => {
    expect(await raw("GET", "/_emulator/nothing-here")).toEqual({ status: 404, json: { error: "no control endpoint GET /_emulator/nothing-here" } });
    expect((await raw("DELETE", "/_emulator/calls")).status).toBe(404);
  });

  it("reaches no AWS operation under /_emulator/, even with a signed SDK request", async () => {
    await t.resetCalls();
    expect((await raw("GET", "/_emulator/collaborations")).status).toBe(404);
    expect((await raw("GET", "/_emulator/memberships")).status).toBe(404);
    const advertiser = await t.cleanrooms(demo.advertiser);
    const credentials = await advertiser.config.credentials();
    const underControl = new CleanRoomsClient({ endpoint: `${t.url}/_emulator`, region: t.scenario.region, credentials, maxAttempts: 1 });
    const f = await failure(underControl.send(new ListCollaborationsCommand({})));
    expect(f.status).toBe(404);
    expect((await t.calls()).total).toBe(0);
  });
});
