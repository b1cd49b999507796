/**
 * The per-account governor: the token bucket, the concurrency cap, FIFO
 * order within a caller and round-robin turns across callers (with each
 * call's wait reported), the bounded wait (THROTTLED, not retried, nothing
 * sent) and AIMD on AWS throttling, against a manual clock; then on the wire: three principals
 * hammering one account through the gateway, the emulator's side (a
 * recording proxy in front of it) never seeing more than rate + burst calls
 * in any second, and AWS's throttling slowing the governor with a warn line.
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ListMembershipsCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ClientPool } from "../../src/aws/clients";
import { classifyAwsError, provesNoEffect } from "../../src/aws/errors";
import { AccountGovernor, GovernorWaitError, type GovernorClock, type GovernorObserver, type Release } from "../../src/aws/governor";
import { isRetryable } from "../../src/aws/retry";
import { parseConfig } from "../../src/config/load-config";
import { DEFAULTS } from "../../src/defaults";
import { createLogger } from "../../src/log/logger";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { FAST_WATCH, subscribe, wsClient } from "../subscriptions/harness";
import { faults, gatewayPool } from "./gateway-pool";

/** A clock the test moves; timers fire in time order as it passes them. */
class ManualClock implements GovernorClock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now = () => this.t;
  setTimer = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimer = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
    await flush();
  }
  get pending(): number {
    return this.timers.length;
  }
}
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function observer() {
  const events: string[] = [];
  const o: GovernorObserver = {
    slowedDown: (a, rate, configured) => void events.push(`slow ${a} ${rate}/${configured}`),
    recovered: (a, rate) => void events.push(`back ${a} ${rate}`),
  };
  return { o, events };
}

/** Most timestamps (ms) in any window [t, t + ms). */
const busiest = (times: readonly number[], ms = 1000) => Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));

/**
 * How late a call released by the governor may reach the proxy, relative to the others: the event loop and the
 * sockets between them delay each one differently on a loaded machine, so calls released a little over a second apart
 * can arrive within one. AWS's quota is about what the gateway sends; arrivals are counted in windows this much
 * shorter than a second (a governor letting even 10% too many through still fails).
 */
const TRANSIT_ALLOWANCE_MS = 100;
/** Most arrivals at the proxy in any second, allowing for the transit above. */
const busiestSecond = (arrivals: readonly number[]) => busiest(arrivals, 1000 - TRANSIT_ALLOWANCE_MS);

const throttle = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 429 } });

describe("AccountGovernor (manual clock)", () => {
  it("lets a burst go at once, then one call per 1/rate seconds, in FIFO order", async () => {
    const clock = new ManualClock();
    const g = new AccountGovernor("A", { callsPerSecond: 5, burst: 3, maxConcurrent: 100, maxWaitMs: 60_000 }, clock);
    const granted: { i: number; at: number }[] = [];
    for (let i = 0; i < 13; i++) void g.acquire().then((release) => (granted.push({ i, at: clock.now() }), release()));
    await clock.advance(0);
    expect(granted.map((x) => x.at)).toEqual([0, 0, 0]);
    await clock.advance(2_000);
    expect(granted.map((x) => x.i)).toEqual([...Array(13).keys()]);
    expect(granted.slice(3).map((x) => x.at)).toEqual([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
    expect(busiest(granted.map((x) => x.at))).toBeLessThanOrEqual(5 + 3);
    expect(clock.pending).toBe(0); // no timer while nobody waits
  });

  it("holds calls beyond maxConcurrent until one is answered", async () => {
    const clock = new ManualClock();
    const g = new AccountGovernor("A", { callsPerSecond: 1_000, burst: 100, maxConcurrent: 2, maxWaitMs: 60_000 }, clock);
    const releases: Release[] = [];
    const order: number[] = [];
    for (let i = 0; i < 4; i++) void g.acquire().then((r) => (order.push(i), releases.push(r)));
    await clock.advance(0);
    expect(order).toEqual([0, 1]);
    expect(g.state()).toMatchObject({ inFlight: 2, waiting: 2 });
    releases[0]();
    releases[0](); // twice: no second slot
    await clock.advance(0);
    expect(order).toEqual([0, 1, 2]);
    expect(g.state()).toMatchObject({ inFlight: 2, waiting: 1 });
    releases[1]();
    await clock.advance(0);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("fails a call that would wait longer than maxWaitMs: THROTTLED, not retried, nothing sent", async () => {
    const clock = new ManualClock();
    const g = new AccountGovernor("111111111111", { callsPerSecond: 1, burst: 1, maxConcurrent: 10, maxWaitMs: 500 }, clock);
    await g.acquire();
    const waiting = g.acquire().then(
      () => undefined,
      (e: unknown) => e,
    );
    await clock.advance(499);
    expect(g.state().waiting).toBe(1);
    await clock.advance(1);
    const e = await waiting;
    expect(e).toBeInstanceOf(GovernorWaitError);
    expect(classifyAwsError(e, "111111111111").code).toBe("THROTTLED");
    // The gateway's own queue, not AWS, said no: the caller is not told AWS throttled.
    expect(classifyAwsError(e, "111111111111").message).toBe("Too many calls for account 111111111111 are waiting their turn in the gateway; try again later.");
    expect(isRetryable("read", e)).toBe(false);
    expect(provesNoEffect(e)).toBe(true);
    expect(g.state().waiting).toBe(0);
  });

  it("halves its rate when AWS throttles (once per cutEveryMs, down to a floor), and climbs back after a quiet period", async () => {
    const clock = new ManualClock();
    const { o, events } = observer();
    const timing = { floorPerSecond: 1, cutEveryMs: 1_000, quietMs: 10_000, stepMs: 2_000 };
    const g = new AccountGovernor("A", { callsPerSecond: 8, burst: 8, maxConcurrent: 10, maxWaitMs: 60_000 }, clock, o, timing);
    await expect(g.run(() => Promise.reject(throttle), () => true)).rejects.toBe(throttle);
    expect(g.state().callsPerSecond).toBe(4);
    expect(g.state().tokens).toBeLessThan(1); // the saved-up burst is gone
    g.throttled(); // a call already on its way when the first was throttled: no second cut
    expect(g.state().callsPerSecond).toBe(4);
    for (let i = 0; i < 4; i++) {
      await clock.advance(1_000);
      g.throttled();
    }
    expect(g.state().callsPerSecond).toBe(1); // 4 → 2 → 1 → floor
    expect(events).toEqual(["slow A 4/8", "slow A 2/8", "slow A 1/8"]);
    await clock.advance(9_999);
    expect(g.state().callsPerSecond).toBe(1);
    await clock.advance(1);
    expect(g.state().callsPerSecond).toBeCloseTo(1.8);
    await clock.advance(2_000 * 8);
    expect(g.state().callsPerSecond).toBe(8);
    expect(events).toEqual(["slow A 4/8", "slow A 2/8", "slow A 1/8", "back A 8"]);
  });

  it("paces calls at the lowered rate while slowed down", async () => {
    const clock = new ManualClock();
    const g = new AccountGovernor("A", { callsPerSecond: 4, burst: 4, maxConcurrent: 10, maxWaitMs: 60_000 }, clock);
    g.throttled();
    const at: number[] = [];
    for (let i = 0; i < 4; i++) void g.acquire().then((r) => (at.push(clock.now()), r()));
    await clock.advance(2_000);
    expect(at).toEqual([500, 1000, 1500, 2000]);
  });
});

describe("AccountGovernor: fair turns across callers (manual clock)", () => {
  it("releases round-robin across the callers with calls waiting, FIFO within each, and reports every call's wait", async () => {
    const clock = new ManualClock();
    const waits: number[] = [];
    const o: GovernorObserver = { slowedDown: () => {}, recovered: () => {}, waited: (_a, seconds) => void waits.push(seconds) };
    const RATE = 10;
    const g = new AccountGovernor("A", { callsPerSecond: RATE, burst: 1, maxConcurrent: 100, maxWaitMs: 60_000 }, clock, o);
    const granted: string[] = [];
    const ask = (caller: string, name: string) => void g.acquire(caller).then((r) => (granted.push(name), r()));
    // One principal floods the account; another principal and the watchers then ask, at the same instant.
    for (let i = 0; i < 6; i++) ask("key:flood", `a${i}`);
    ask("key:other", "b0");
    ask("key:other", "b1");
    ask("watch", "w0");
    await clock.advance(0);
    expect(granted).toEqual(["a0"]); // the burst of one
    await clock.advance(1_000);
    // Turns: flood, other, watch, flood, other, then flood alone. Under FIFO b0 would have come after a5.
    expect(granted).toEqual(["a0", "a1", "b0", "w0", "a2", "b1", "a3", "a4", "a5"]);
    // Everyone asked at 0; the n-th release came after n tokens at RATE per second.
    expect(waits).toEqual(granted.map((_, n) => n / RATE));
    expect(g.state()).toMatchObject({ waiting: 0, inFlight: 0 });
    expect(clock.pending).toBe(0);
  });

  it("keeps the bucket's pace and the concurrency cap whatever the callers", async () => {
    const clock = new ManualClock();
    const g = new AccountGovernor("A", { callsPerSecond: 5, burst: 3, maxConcurrent: 2, maxWaitMs: 60_000 }, clock);
    const at: number[] = [];
    const held: Release[] = [];
    for (let i = 0; i < 12; i++) void g.acquire(`key:${i % 3}`).then((r) => (at.push(clock.now()), held.push(r)));
    await clock.advance(0);
    expect(at).toHaveLength(2); // two slots, though three tokens
    expect(g.state()).toMatchObject({ inFlight: 2, waiting: 10 });
    // Answer each call as soon as it is released, then let the bucket pace the rest.
    for (let step = 0; step < 40 && at.length < 12; step++) {
      for (const r of held.splice(0)) r();
      await clock.advance(100);
    }
    for (const r of held.splice(0)) r();
    expect(at).toHaveLength(12);
    expect(busiest(at)).toBeLessThanOrEqual(5 + 3);
  });

  it("a caller's call refused past maxWaitMs leaves the others' turns as they were", async () => {
    const clock = new ManualClock();
    const waits: number[] = [];
    const o: GovernorObserver = { slowedDown: () => {}, recovered: () => {}, waited: (_a, seconds) => void waits.push(seconds) };
    const g = new AccountGovernor("A", { callsPerSecond: 1, burst: 1, maxConcurrent: 10, maxWaitMs: 1_500 }, clock, o);
    const outcome: string[] = [];
    const ask = (caller: string, name: string) =>
      void g.acquire(caller).then(
        (r) => (outcome.push(`${name} ok`), r()),
        (e: unknown) => void outcome.push(`${name} ${e instanceof GovernorWaitError ? "refused" : String(e)}`),
      );
    ask("key:a", "a0");
    ask("key:a", "a1");
    ask("key:b", "b0");
    ask("key:a", "a2");
    await clock.advance(2_000);
    // a0 at once, a1 at 1 s (a was first in line), b0 and a2 would have come at 2 s and 3 s: both past 1.5 s.
    expect(outcome).toEqual(["a0 ok", "a1 ok", "b0 refused", "a2 refused"]);
    expect(waits).toEqual([0, 1, 1.5, 1.5]);
    expect(g.state().waiting).toBe(0);
  });
});

describe("settings", () => {
  it("come from aws.governor, with an account's own overrides, and are checked", () => {
    const account = (id: string) => ({ accountId: id, region: "us-east-1", roleArn: `arn:aws:iam::${id}:role/Gateway` });
    const c = parseConfig(
      {
        aws: { governor: { callsPerSecond: 3 } },
        accounts: [account("111111111111"), { ...account("222222222222"), governor: { callsPerSecond: 20, maxConcurrent: 2 } }],
        auth: { apiKeys: [{ sha256: "a".repeat(64), principal: "p", grants: [{ accounts: ["*"], actions: ["read"] }] }] },
      },
      "governor.yaml",
    );
    const pool = new ClientPool({ accounts: c.accounts, governor: c.aws.governor });
    expect(pool.governorSettings("111111111111")).toEqual({ ...DEFAULTS.governor, callsPerSecond: 3 });
    expect(pool.governorSettings("222222222222")).toEqual({ ...DEFAULTS.governor, callsPerSecond: 20, maxConcurrent: 2 });
    expect(() => parseConfig({ aws: { governor: { burst: 0 } }, accounts: [account("111111111111")] }, "bad.yaml")).toThrow(/burst/);
    expect(() => new ClientPool({ accounts: [account("111111111111")], governor: { callsPerSecond: 0 } })).toThrow(/callsPerSecond/);
  });
});

/** An HTTP proxy in front of the emulator that records when each request reaches it and how many are in flight. */
async function recordingProxy(target: string) {
  const arrivals: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    arrivals.push(performance.now());
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    let done = false;
    res.on("close", () => {
      if (!done) inFlight--;
      done = true;
    });
    const up = request(new URL(req.url!, target), { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    maxInFlight: () => maxInFlight,
    reset() {
      arrivals.length = 0;
      maxInFlight = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("on the wire", () => {
  let t: TestEmulator;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  beforeAll(async () => {
    t = await startTestEmulator();
    proxy = await recordingProxy(t.url);
  });
  afterAll(async () => {
    await proxy.close();
    await t.close();
  });
  beforeEach(async () => {
    await t.reset();
    proxy.reset();
  });

  const GOVERNOR = { callsPerSecond: 50, burst: 10, maxConcurrent: 4, maxWaitMs: 60_000 };

  it("three concurrent callers, 300 calls: AWS never sees more than rate + burst in a second, nor more than maxConcurrent at once", async () => {
    const g = await gatewayPool(t, { endpoint: proxy.url, governor: GOVERNOR });
    try {
      const caller = async () => {
        for (let i = 0; i < 100; i++) await g.pool.send(demo.advertiser, "read", new ListMembershipsCommand({}));
      };
      const started = performance.now();
      await Promise.all([caller(), caller(), caller()]);
      const elapsed = performance.now() - started;
      expect((await t.calls()).byAccount[demo.advertiser]).toEqual({ ListMemberships: 300 });
      expect(proxy.arrivals).toHaveLength(300);
      expect(busiestSecond(proxy.arrivals)).toBeLessThanOrEqual(GOVERNOR.callsPerSecond + GOVERNOR.burst);
      expect(proxy.maxInFlight()).toBeLessThanOrEqual(GOVERNOR.maxConcurrent);
      // 300 calls at 50/s after a burst of 10: no faster than (300 − 10) / 50 s.
      expect(elapsed).toBeGreaterThanOrEqual(((300 - GOVERNOR.burst) / GOVERNOR.callsPerSecond) * 1000 - 50);
    } finally {
      g.pool.destroy();
    }
  });

  describe("through the gateway, three API-key principals", () => {
    const principals = ["alpha", "beta", "gamma"].map((name) => ({
      token: `governor-${name}-token-0123456789`,
      name,
      grants: [{ accounts: [demo.advertiser], actions: ["read" as const] }],
    }));
    /** Starts runs as the advertiser (whose membership m11 is): every call it causes is the advertiser's. */
    const writer = { token: "governor-writer-token-0123456789", name: "writer", grants: [{ accounts: [demo.advertiser], actions: ["read" as const, "run" as const] }] };
    const lines: string[] = [];
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway({
        sharedEmulator: t,
        principals: [...principals, writer],
        aws: { endpoint: proxy.url, governor: { ...GOVERNOR, callsPerSecond: 30, burst: 6 } },
        watch: FAST_WATCH,
        logger: createLogger("info", { write: (line: string) => void lines.push(line) }),
      });
    });
    afterAll(() => gw.close());
    const MEMBERSHIPS = `query($a: String!) { account(accountId: $a) { memberships { nodes { id } } } }`;

    it("hammering one account keeps the emulator's observed rate under the quota", async () => {
      const hammer = async (token: string) => {
        for (let i = 0; i < 40; i++) {
          const res = await gw.gql(MEMBERSHIPS, { a: demo.advertiser }, { token });
          expect(res.errors).toBeUndefined();
        }
      };
      await Promise.all(principals.map((p) => hammer(p.token)));
      const calls = (await t.calls()).byAccount[demo.advertiser];
      expect(calls.ListMemberships).toBeGreaterThanOrEqual(120);
      expect(proxy.arrivals.length).toBe(Object.values(calls).reduce((a, b) => a + b, 0));
      expect(busiestSecond(proxy.arrivals)).toBeLessThanOrEqual(30 + 6);
      expect(proxy.maxInFlight()).toBeLessThanOrEqual(GOVERNOR.maxConcurrent);
    });

    it("reads, writes and a subscription's polls of the account share its quota", async () => {
      const START = `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`;
      const start = async () => {
        const res = await gw.gql<{ startProtectedQuery: { id: string } }>(
          START,
          { input: { membershipId: demo.m11, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.advertiser } }, payerAccountId: demo.advertiser } },
          { token: writer.token },
        );
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        return res.data!.startProtectedQuery.id;
      };
      const first = await start();
      // Its poller reads the run through the advertiser's governor for as long as the test runs (the run stays open: the emulator's clock stands still).
      const client = wsClient(gw.gateway.url.replace(/^http/, "ws"), writer.token);
      const sub = subscribe<{ protectedQueryStatusChanged: { status: string } }>(client, `subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { status } }`, { m: demo.m11, id: first });
      try {
        await sub.next();
        proxy.reset();
        await t.resetCalls();
        const hammer = async (token: string) => {
          for (let i = 0; i < 25; i++) expect((await gw.gql(MEMBERSHIPS, { a: demo.advertiser }, { token })).errors).toBeUndefined();
        };
        const writes = async () => {
          for (let i = 0; i < 10; i++) await start();
        };
        await Promise.all([...principals.map((p) => hammer(p.token)), writes()]);
        const calls = await t.calls();
        // Only the advertiser was called (the poller's run is its too), so every arrival at the proxy is one of its calls.
        expect(Object.keys(calls.byAccount)).toEqual([demo.advertiser]);
        const seen = calls.byAccount[demo.advertiser];
        expect(seen.ListMemberships).toBeGreaterThanOrEqual(75);
        expect(seen.StartProtectedQuery).toBe(10);
        expect(seen.GetProtectedQuery, "the subscription polled during the load").toBeGreaterThan(0);
        expect(busiestSecond(proxy.arrivals)).toBeLessThanOrEqual(30 + 6);
        expect(proxy.maxInFlight()).toBeLessThanOrEqual(GOVERNOR.maxConcurrent);
      } finally {
        sub.unsubscribe();
        await client.dispose();
      }
    });

    it("AWS throttling slows the account's governor down, with one warn line", async () => {
      await faults(t, [{ operation: "ListMemberships", accountId: demo.advertiser, throttleRate: 1, times: 2 }]);
      lines.length = 0;
      const res = await gw.gql(MEMBERSHIPS, { a: demo.advertiser }, { token: principals[0].token });
      expect(res.errors).toBeUndefined(); // retried after the throttled answers
      const warns = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 40);
      expect(warns).toHaveLength(1);
      // AWS throttles an account per region: the line names the governor's region.
      expect(warns[0]).toMatchObject({ accountId: demo.advertiser, region: t.scenario.region, callsPerSecond: 15, configuredPerSecond: 30 });
      expect(warns[0].msg).toBe(`account ${demo.advertiser} in ${t.scenario.region}: AWS is throttling; the gateway slows its calls there to 15 per second`);
    });
  });
});
