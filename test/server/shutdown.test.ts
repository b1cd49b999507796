/**
 * Graceful shutdown of the real process (`node src/main.js --config`): on
 * SIGTERM it stops accepting connections, lets a request in flight finish
 * and answer, closes WebSockets with 1001 (going away), and exits 0; a
 * request stuck longer than the drain is cut and the process exits 1 within
 * 10 s; a second signal exits at once, cutting what is still in flight.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { world } from "../graph/demo-world";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { OPERATOR_TOKEN } from "../support/gateway";
import { buildGateway, startReplica, writeConfig, type ReplicaConfig } from "../subscriptions/replicas";
import { eventually, subscribe, wsClient } from "../subscriptions/harness";

let t: TestEmulator;
let config: string;
beforeAll(async () => {
  t = await startTestEmulator();
  await buildGateway();
  // No Redis: one process, in-memory watch.
  config = writeConfig(t, { minIntervalMs: 50, maxIntervalMs: 200, leaseTtlMs: 1_000 } as ReplicaConfig);
}, 120_000);
afterAll(() => t?.close());

const exited = (child: import("node:child_process").ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });

/** Waits until the emulator has logged the request's first ListMemberships: the request is in flight at AWS. */
const reachedAws = () => eventually(async () => ((await t.calls()).byOperation.ListMemberships ? true : undefined), 20_000, "the request to reach AWS");

/** What the process prints (stdout and stderr) from now on, its log lines' messages once it has closed (all output arrived). */
const logFrom = (child: import("node:child_process").ChildProcess) => {
  let text = "";
  child.stdout!.on("data", (b: Buffer) => (text += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (text += b.toString()));
  return new Promise<string[]>((resolve) =>
    child.once("close", () =>
      resolve(
        text.split("\n").flatMap((line) => {
          try {
            return [(JSON.parse(line) as { msg: string }).msg];
          } catch {
            return [];
          }
        }),
      ),
    ),
  );
};

const query = (url: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify({ query: "{ accounts { accountId memberships { nodes { id } } } }" }) });

it("SIGTERM: the request in flight answers, WebSockets close with 1001, new connections are refused, exit 0", async () => {
  const replica = await startReplica("graceful", config, t);
  const client = wsClient(replica.wsUrl, OPERATOR_TOKEN, { lazy: false });
  const sub = subscribe(client, `subscription { protectedQueryStatusChanged(membershipId: "${demo.m11}", id: "${runOf(demo.m11)}") { id status } }`);
  await sub.next(20_000);
  // A slow AWS answer keeps a request in flight while the signal arrives.
  await t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMemberships", latencyMs: 1_500 }] });
  await t.resetCalls();
  const inFlight = query(replica.url);
  // The request has reached AWS (the emulator logged the call) before the signal is sent.
  await reachedAws();
  const exit = exited(replica.child);
  replica.child.kill("SIGTERM");
  expect(await sub.ended(10_000)).toEqual({ closed: { code: 1001, reason: "Going away" } });
  const res = await inFlight;
  expect(res.status).toBe(200);
  expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
  await expect(query(replica.url)).rejects.toThrow(); // no longer accepting
  expect(await exit).toEqual({ code: 0, signal: null });
  await client.dispose();
  await t.control("POST", "/_emulator/faults", { rules: [] });
}, 60_000);

it("a second signal exits at once: the request still waiting on AWS is cut", async () => {
  const replica = await startReplica("impatient", config, t);
  await t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMemberships", latencyMs: 30_000 }] });
  await t.resetCalls();
  const inFlight = query(replica.url).then(
    () => "answered",
    () => "cut",
  );
  await reachedAws();
  const exit = exited(replica.child);
  replica.child.kill("SIGTERM");
  replica.child.kill("SIGINT");
  expect(await exit).toEqual({ code: 1, signal: null });
  expect(await inFlight).toBe("cut");
  await t.control("POST", "/_emulator/faults", { rules: [] });
}, 60_000);

it("a request stuck far longer than 10 s: new connections are refused at once, the request is cut, exit 1 within 10 s", async () => {
  // Each AWS attempt may wait 2 minutes (the most the configuration allows): only the shutdown can end this request.
  const patient = config.replace(/\.json$/, ".patient.json");
  const settings = JSON.parse(readFileSync(config, "utf8")) as { aws: Record<string, unknown> };
  writeFileSync(patient, JSON.stringify({ ...settings, aws: { ...settings.aws, callTimeoutMs: 120_000 } }));
  const replica = await startReplica("stuck", patient, t);
  const client = wsClient(replica.wsUrl, OPERATOR_TOKEN, { lazy: false });
  const sub = subscribe(client, `subscription { protectedQueryStatusChanged(membershipId: "${demo.m11}", id: "${runOf(demo.m11)}") { id status } }`);
  await sub.next(20_000);
  const STUCK_MS = 60_000;
  await t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMemberships", latencyMs: STUCK_MS }] });
  await t.resetCalls();
  let settled: "answered" | "cut" | undefined;
  const inFlight = query(replica.url).then(
    async (res) => (settled = res.ok && !((await res.json()) as { errors?: unknown }).errors ? "answered" : "cut"),
    () => (settled = "cut"),
  );
  await reachedAws();
  const exit = exited(replica.child);
  const log = logFrom(replica.child);
  // A guard against a hang only: which way the process exited is read in its log.
  const watchdog = setTimeout(() => replica.child.kill("SIGKILL"), 40_000);
  const signalled = performance.now();
  replica.child.kill("SIGTERM");
  try {
    expect(await sub.ended(10_000)).toEqual({ closed: { code: 1001, reason: "Going away" } });
    // The listener closed with the sockets, while the stuck request is still in flight.
    await expect(query(replica.url)).rejects.toThrow();
    expect(settled).toBeUndefined();
    const { code, signal } = await exit;
    const seconds = (performance.now() - signalled) / 1000;
    expect(signal).toBeNull(); // exited by itself, not by the watchdog
    expect(code).toBe(1); // in-flight work was cut
    // By the drain, which names the one request it cut, not by the shutdown's hard time limit.
    const messages = await log;
    expect(messages).toContainEqual(expect.stringMatching(/^stopped: 1 request\(s\) in flight did not finish within the drain and were cut$/));
    expect(messages).not.toContain("shutdown did not finish in time: exiting");
    expect(seconds).toBeLessThan(STUCK_MS / 1000); // long before AWS would have answered
    expect(await inFlight).toBe("cut");
  } finally {
    clearTimeout(watchdog);
    await client.dispose();
    await t.control("POST", "/_emulator/faults", { rules: [] });
  }
}, 90_000);

/** A run of the membership that stays running (the emulator's clock is manual): its subscription stays open. */
function runOf(membershipId: string): string {
  return world.protectedQueries.find((r) => r.membershipId === membershipId && r.status === "STARTED")!.id;
}
