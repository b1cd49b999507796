/**
 * Why an account is unavailable reaches the operator, never the caller: the
 * gateway logs each change of an account's state once (warn with AWS's code
 * and message when it becomes unavailable, info when it is available), with
 * no credential in any line; it checks every account at start without being
 * asked; and /healthz (200 whatever the accounts' states) shows each
 * account's state and the error code, nothing more.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log/logger";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { LEAK_PATTERNS, startTestGateway, type TestGateway } from "../support/gateway";
import { federatedIds, world } from "./demo-world";

const DOWN = federatedIds[1];
const UP = federatedIds.filter((a) => a !== DOWN);

interface LogLine {
  level: number;
  msg: string;
  accountId?: string;
  roleArn?: string;
  state?: string;
  code?: string;
  reason?: string;
}
const WARN = 40;
const INFO = 30;

/** A logger at debug level whose JSON lines the test reads (what an operator would see, and more). */
function capturedLog() {
  const text: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void text.push(line) });
  const lines = () => text.map((l) => JSON.parse(l) as LogLine);
  return {
    logger,
    text: () => text.join(""),
    /** Lines about an account's state, at `level`. */
    states: (level: number, accountId?: string) => lines().filter((l) => l.level === level && l.state && (!accountId || l.accountId === accountId)),
  };
}

interface Health {
  status: string;
  accounts: { accountId: string; state: string; reason?: string; regions: { region: string; state: string; reason?: string }[] }[];
}

/** The demo accounts' one region, in a state: each account's `regions` in /healthz (AssumeRole alone leaves it unknown). */
const inRegion = (state: string, reason?: string) => [{ region: world.region, state, ...(reason === undefined ? {} : { reason }) }];

async function health(g: TestGateway): Promise<Health> {
  const res = await fetch(g.gateway.url.replace(/\/graphql$/, "/healthz"));
  expect(res.status).toBe(200);
  const text = await res.text();
  for (const p of LEAK_PATTERNS) expect(text).not.toMatch(p);
  return JSON.parse(text) as Health;
}

/** /healthz once the start-up check has an answer for every account (nobody asked anything). */
async function settled(g: TestGateway): Promise<Health> {
  for (let i = 0; i < 200; i++) {
    const h = await health(g);
    if (h.accounts.every((a) => a.state !== "unknown")) return h;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`accounts still unknown: ${JSON.stringify(await health(g))}`);
}

const WIDE = `{ accounts { accountId status memberships { nodes { id } } } collaborations { nodes { id } } }`;

/** No credential of any kind appears in the log: the gateway's own secret, issued secrets or session tokens, key ids. */
function expectNoSecrets(log: string, t: TestEmulator) {
  expect(log).not.toContain(t.scenario.gateway.secretAccessKey);
  expect(log).not.toMatch(/secretAccessKey|sessionToken|SecretAccessKey|SessionToken/);
  expect(log).not.toMatch(/FwoG/); // the emulator's session tokens
  expect(log).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{12,}/);
}

describe("an account whose role cannot be assumed (wrong ExternalId)", () => {
  const log = capturedLog();
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({
      accounts: (accounts) => accounts.map((a) => (a.accountId === DOWN ? { ...a, externalId: "not-the-external-id" } : a)),
      logger: log.logger,
      checkAccountsAtStart: true,
    });
  });
  afterAll(() => g.close());

  it("is found at start, without a request: /healthz says which account and AWS's code, and nothing else", async () => {
    const h = await settled(g);
    expect(h).toEqual({
      status: "ok",
      accounts: federatedIds.map((accountId) =>
        accountId === DOWN ? { accountId, state: "unavailable", reason: "AccessDenied", regions: inRegion("unknown") } : { accountId, state: "available", regions: inRegion("unknown") },
      ),
    });
    expect((await g.t.calls()).byOperation).toEqual({ AssumeRole: federatedIds.length });
  });

  it("is logged once as a warning with AWS's code, message and the role, however many requests find it down", async () => {
    await settled(g);
    for (let i = 0; i < 3; i++) {
      const res = await g.gql(WIDE);
      expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: "ACCOUNT_UNAVAILABLE", accountId: DOWN }]);
    }
    const warnings = log.states(WARN);
    expect(warnings).toHaveLength(1);
    const roleArn = g.accounts.find((a) => a.accountId === DOWN)!.roleArn;
    expect(warnings[0]).toMatchObject({ accountId: DOWN, roleArn, state: "unavailable", code: "AccessDenied" });
    // STS's own words: they say what to fix (the trust policy, the ExternalId).
    expect(warnings[0].reason).toMatch(/not authorized to perform: sts:AssumeRole/);
    expect(warnings[0].msg).toBe(`account ${DOWN} is unavailable: AccessDenied: ${warnings[0].reason}`);
    // The others were found available, once each.
    expect(log.states(INFO).map((l) => l.accountId).sort()).toEqual([...UP].sort());
    expectNoSecrets(log.text(), g.t);
  });
});

describe("an account's state as it changes", () => {
  const log = capturedLog();
  let t: TestEmulator;
  let g: TestGateway;
  const faults = (rules: unknown[]) => t.control("POST", "/_emulator/faults", { rules });

  beforeAll(async () => {
    t = await startTestEmulator();
    // STS fails from the start: every account starts unavailable.
    await faults([{ operation: "AssumeRole", internalErrorRate: 1 }]);
    g = await startTestGateway({ sharedEmulator: t, logger: log.logger, checkAccountsAtStart: true });
  });
  afterAll(async () => {
    await g.close();
    await t.close();
  });

  it("unavailable from the start: one warning per account, none more while it stays so", async () => {
    const h = await settled(g);
    expect(h.accounts).toEqual(federatedIds.map((accountId) => ({ accountId, state: "unavailable", reason: "InternalFailure", regions: inRegion("unknown") })));
    await g.gql(WIDE);
    await g.gql(WIDE);
    expect(log.states(WARN).map((l) => [l.accountId, l.code])).toEqual(expect.arrayContaining(federatedIds.map((a) => [a, "InternalFailure"])));
    expect(log.states(WARN)).toHaveLength(federatedIds.length);
    expect(log.states(INFO)).toEqual([]);
  });

  it("available again: one info line per account, at the first request that works", async () => {
    await faults([]);
    const res = await g.gql(WIDE);
    expect(res.errors).toBeUndefined();
    const infos = log.states(INFO);
    expect(infos.map((l) => l.accountId).sort()).toEqual([...federatedIds].sort());
    for (const l of infos) expect(l.msg).toBe(`account ${l.accountId} is available again`);
    expect((await health(g)).accounts.every((a) => a.state === "available" && a.reason === undefined)).toBe(true);
  });

  it("unavailable because Clean Rooms fails for it (after retries): warned once, then available again", async () => {
    const [flaky] = UP;
    await faults([{ operation: "*", accountId: flaky, internalErrorRate: 1 }]);
    for (let i = 0; i < 3; i++) await g.gql(WIDE);
    const warnings = log.states(WARN, flaky);
    expect(warnings.map((l) => l.code)).toEqual(["InternalFailure", "InternalServerException"]);
    // Clean Rooms is regional: the warning names the region its calls failed in (its role is fine).
    expect(warnings[1].msg).toBe(`account ${flaky} is unavailable in ${world.region}: InternalServerException: ${warnings[1].reason}`);
    expect((await health(g)).accounts.find((a) => a.accountId === flaky)).toEqual({
      accountId: flaky,
      state: "unavailable",
      reason: "InternalServerException",
      regions: inRegion("unavailable", "InternalServerException"),
    });

    await faults([]);
    await g.gql(WIDE);
    expect(log.states(INFO, flaky)).toHaveLength(2);
    expect(log.states(INFO, flaky)[1].msg).toBe(`account ${flaky} is available in ${world.region} again`);
    expect((await health(g)).accounts.find((a) => a.accountId === flaky)).toEqual({ accountId: flaky, state: "available", regions: inRegion("available") });
    // Requests that fail for their own reasons (a membership that does not exist) say nothing about the account.
    const before = log.states(WARN).length;
    await g.gql(`{ membership(id: "bbbbbbbb-0009-4000-8000-000000000009") { id } }`);
    expect(log.states(WARN)).toHaveLength(before);
    expectNoSecrets(log.text(), t);
  });
});

describe("the gateway's own identity cannot reach or satisfy STS", () => {
  it("says so for every account: the connection refused (ECONNREFUSED)", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const log = capturedLog();
    const g = await startTestGateway({ aws: { stsEndpoint: `http://127.0.0.1:${port}` }, logger: log.logger, checkAccountsAtStart: true });
    try {
      const h = await settled(g);
      expect(h.accounts).toEqual(federatedIds.map((accountId) => ({ accountId, state: "unavailable", reason: "ECONNREFUSED", regions: inRegion("unknown") })));
      expect(log.states(WARN).map((l) => l.code)).toEqual(federatedIds.map(() => "ECONNREFUSED"));
    } finally {
      await g.close();
    }
  });

  it("says so for every account: no credentials to sign AssumeRole with", async () => {
    const log = capturedLog();
    const noCredentials = async () => {
      throw Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
    };
    const g = await startTestGateway({ aws: { baseCredentials: noCredentials }, logger: log.logger, checkAccountsAtStart: true });
    try {
      const h = await settled(g);
      expect(h.accounts).toEqual(federatedIds.map((accountId) => ({ accountId, state: "unavailable", reason: "CredentialsProviderError", regions: inRegion("unknown") })));
      expect(log.states(WARN).map((l) => l.msg)).toEqual(
        federatedIds.map((a) => `account ${a} is unavailable: CredentialsProviderError: Could not load credentials from any providers`),
      );
    } finally {
      await g.close();
    }
  });
});
