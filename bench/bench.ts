/**
 * `npm run bench` (issue 15, "Fast at 50 accounts"): the gateway measured on
 * generated scenarios (src/emulator/scenario-generator.ts), side by side with
 * a program that fetches the same data directly (bench/direct.ts). Writes
 * bench/results.json and prints a table. Not part of `npm test`: it asserts
 * nothing about time, only that the gateway's answer equals the direct one.
 *
 * Processes: the emulator and the gateway each in a child process (their CPU
 * and RSS are their own); the direct program, the graphql-ws subscribers and
 * the load generator in this one. Every figure is a median over interleaved
 * runs (gateway, direct, at 0 ms then at 25 ms injected per AWS call, then
 * again), so that noise from other work on the machine falls on both sides.
 *
 *   npm run bench                           # everything (about 4 minutes on a busy 2-core machine)
 *   npm run bench -- --sizes=1,5 --runs=5 --no-fanout --no-overhead
 *   npm run bench -- --regions=3            # the multi-region measurement in 3 regions instead of 2
 *   npm run bench -- --regions=1            # no multi-region measurement
 *   npm run bench -- --profile              # also a --cpu-prof of the gateway during the dashboard at 10 accounts (--profile-accounts=N)
 *
 * Regions (issue 16): the sizes above are one region (us-east-1). After them,
 * the dashboard is measured once more at the largest size in `--regions=N`
 * regions (default 2: us-east-1 and eu-west-1; then us-west-2,
 * ap-southeast-2, eu-central-1): the scenario generator spreads the
 * collaborations over them (regions=...), the emulator serves each, the
 * gateway's config gives every account all of them (one Clean Rooms client
 * per account and region), and the direct program reads every region of
 * every account at once. The lower bound is per account and region
 * (bench/lower-bound.ts). In results.json that measurement is the last entry
 * of `scaling[]`, the one with `regions: N` (every entry says its `regions`,
 * 1 for the others, and `regionNames`); `dashboard` and `direct` stay the
 * largest one-region size.
 *
 * The gateway runs with a generous per-account governor (aws.governor), so
 * that what is measured is the gateway's own work and read structure; the
 * defaults (src/defaults.ts `governor`, per account and region) exist to protect
 * the AWS quota and are measured separately ("default governor" line).
 */
import { UpdateProtectedQueryCommand } from "@aws-sdk/client-cleanrooms";
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { DEFAULTS } from "../src/defaults";
import { packageRoot } from "../src/package-root";
import { generateScenario } from "../src/emulator/scenario-generator";
import type { Scenario } from "../src/emulator/scenario";
import { DirectDashboard, firstDifference, withoutOpaqueIds } from "./direct";
import { dashboardCriticalPathDepth, dashboardLowerBound, dashboardLowerBoundByRegion, total, world } from "./lower-bound";
import { generatorSource, OPERATOR_TOKEN, startBareApollo, startEmulatorProcess, startGatewayProcess, usage, type GatewayProcess, type GatewaySettings } from "./processes";

// ---- settings ------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const SEED = Number(option("seed", "15"));
const SIZES = option("sizes", "1,5,20,50").split(",").map(Number);
const RUNS = Number(option("runs", "10"));
const LATENCY_MS = 25;
/** The regions a multi-region measurement uses, the scenario's own first; `--regions=N` takes the first N (1: none). */
const REGION_NAMES = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1"];
const REGIONS = Number(option("regions", "2"));
if (!Number.isInteger(REGIONS) || REGIONS < 1 || REGIONS > REGION_NAMES.length) throw new Error(`--regions must be 1-${REGION_NAMES.length}, got ${option("regions", "")}`);
const SUBSCRIBERS = Number(option("subscribers", "1000"));
/** The whole run's budget: sizes measured late get fewer runs when the early ones took long (said in the output). */
const BUDGET_MS = Number(option("budget-seconds", "480")) * 1000;
const GENEROUS: GatewaySettings["governor"] = { callsPerSecond: 1_000, burst: 1_000, maxConcurrent: 100, maxWaitMs: 120_000 };
const DASHBOARD = readFileSync(join(packageRoot(), "schema", "operations", "dashboard.graphql"), "utf8");

const startedAt = performance.now();
const notes: string[] = [];
const note = (s: string) => {
  notes.push(s);
  console.log(`  note: ${s}`);
};

// ---- statistics ----------------------------------------------------------------

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = sorted(xs);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
/** A bound on a wait for events, so that a lost event fails the stage instead of hanging the bench. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)));
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---- the dashboard, gateway and direct, at one size ------------------------------------

interface SizeResult {
  accounts: number;
  /** How many regions every account is read in (1 for the one-region sizes), and which. */
  regions: number;
  regionNames: string[];
  collaborations: number;
  memberships: number;
  runs: number;
  awsCalls: number;
  awsCallsByOperation: Record<string, number>;
  awsCallsLowerBound: number;
  lowerBoundByOperation: Record<string, number>;
  directAwsCalls: number;
  /** With several regions: the gateway's calls and the bound per region (the emulator counts calls per account and region). */
  awsCallsByRegion?: Record<string, Record<string, number>>;
  lowerBoundByRegion?: Record<string, Record<string, number>>;
  criticalPathDepth: number;
  criticalPathMs: number;
  gatewayMs: { "0": number; "25": number };
  directMs: { "0": number; "25": number };
  ratio: { "0": number; "25": number };
  /** The gateway process's CPU time per dashboard (0 ms runs), from /proc; 10 ms resolution per reading. */
  cpuMsPerOperation: number;
  /** The bench process's CPU time per direct fetch of the same data (the SDK's own cost, for comparison). */
  directCpuMsPerOperation: number;
  gatewayRssMb: number;
  dataEqual: boolean;
  difference?: string;
}

/** The emulator's calls by region, summed over accounts (its `byRegion` is keyed `<accountId>/<region>`); STS left out. */
function callsByRegion(byPlace: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [place, ops] of Object.entries(byPlace)) {
    const region = place.slice(place.indexOf("/") + 1);
    for (const [op, n] of Object.entries(ops)) if (op !== "AssumeRole") (out[region] ??= {})[op] = (out[region]?.[op] ?? 0) + n;
  }
  return out;
}

/** Where two per-operation counts differ, as "Op: a vs b" ("" when equal). */
function opDifferences(actual: Record<string, number>, bound: Record<string, number>): string {
  return [...new Set([...Object.keys(actual), ...Object.keys(bound)])]
    .filter((op) => (actual[op] ?? 0) !== (bound[op] ?? 0))
    .map((op) => `${op}: ${actual[op] ?? 0} vs ${bound[op] ?? 0}`)
    .join(", ");
}

async function measureSize(accounts: number, runs: number, regions: string[] = REGION_NAMES.slice(0, 1)): Promise<SizeResult> {
  const label = regions.length > 1 ? `${accounts} accounts x ${regions.length} regions` : `${accounts} accounts`;
  const scenario = generateScenario({ accounts, seed: SEED, ...(regions.length > 1 ? { regions } : {}) });
  const bound = dashboardLowerBound(scenario);
  const boundByRegion = dashboardLowerBoundByRegion(scenario);
  const depth = dashboardCriticalPathDepth(scenario);
  const w = world(scenario);
  const emulator = await startEmulatorProcess(generatorSource(accounts, SEED, regions));
  let gateway: GatewayProcess | undefined;
  const direct = new DirectDashboard(emulator.url, emulator.scenario);
  try {
    if (emulator.scenario.regions.join(",") !== w.regions.join(",")) throw new Error(`${label}: the emulator serves ${emulator.scenario.regions.join(",")}, the scenario has ${w.regions.join(",")}`);
    gateway = await startGatewayProcess(emulator.url, emulator.scenario, { governor: GENEROUS });
    const g = gateway;
    await direct.connect();
    const warm = await g.gql<{ accounts: { status: string }[] }>("{ accounts { status } }");
    if (!warm.data?.accounts.every((a) => a.status === "AVAILABLE")) throw new Error(`accounts not available: ${JSON.stringify(warm)}`);

    const calls = () =>
      emulator.control<{ total: number; byOperation: Record<string, number>; byRegion: Record<string, Record<string, number>> }>("GET", "/_emulator/calls");
    const reset = () => emulator.control("POST", "/_emulator/calls/reset");
    const faults = (latencyMs: number) => emulator.control("POST", "/_emulator/faults", { rules: latencyMs > 0 ? [{ operation: "*", latencyMs }] : [] });

    const gatewayOnce = async () => {
      await reset();
      const cpu0 = usage(g.child.pid!).cpuMs;
      const t0 = performance.now();
      const res = await g.gql(DASHBOARD);
      const ms = performance.now() - t0;
      const cpuMs = usage(g.child.pid!).cpuMs - cpu0;
      if (res.errors) throw new Error(`the gateway's dashboard failed: ${JSON.stringify(res.errors).slice(0, 2000)}`);
      return { ms, cpuMs, calls: await calls(), data: res.data };
    };
    const directOnce = async () => {
      await reset();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const data = await direct.dashboard();
      const ms = performance.now() - t0;
      // This process does nothing else meanwhile: its CPU is the SDK's and the direct program's.
      const cpu = process.cpuUsage(cpu0);
      return { ms, cpuMs: (cpu.user + cpu.system) / 1000, calls: await calls(), data };
    };

    // First use (schema paths, connections, JIT) out of the figures, and the answers compared.
    const first = await gatewayOnce();
    const firstDirect = await directOnce();
    const difference = firstDifference(withoutOpaqueIds(first.data), firstDirect.data);
    if (difference) note(`${label}: the gateway's answer differs from the direct one at ${difference}`);

    const g0: number[] = [], g25: number[] = [], d0: number[] = [], d25: number[] = [], cpu: number[] = [], directCpu: number[] = [];
    let gatewayCalls = first.calls, directCalls = firstDirect.calls;
    for (let i = 0; i < runs; i++) {
      for (const latency of [0, LATENCY_MS]) {
        await faults(latency);
        const gr = await gatewayOnce();
        const dr = await directOnce();
        (latency ? g25 : g0).push(gr.ms);
        (latency ? d25 : d0).push(dr.ms);
        if (!latency) {
          cpu.push(gr.cpuMs);
          directCpu.push(dr.cpuMs);
        }
        if (gr.calls.total !== first.calls.total) note(`${label}: the gateway made ${gr.calls.total} calls in one run, ${first.calls.total} in the first`);
        gatewayCalls = gr.calls;
        directCalls = dr.calls;
      }
    }
    await faults(0);
    const rss = usage(g.child.pid!).rssMb;
    const byRegion = callsByRegion(gatewayCalls.byRegion ?? {});
    const result: SizeResult = {
      accounts,
      regions: regions.length,
      regionNames: w.regions,
      collaborations: w.visible.length,
      memberships: w.memberships.length,
      runs,
      awsCalls: gatewayCalls.total,
      awsCallsByOperation: gatewayCalls.byOperation,
      awsCallsLowerBound: total(bound),
      lowerBoundByOperation: bound,
      directAwsCalls: directCalls.total,
      ...(regions.length > 1 ? { awsCallsByRegion: byRegion, lowerBoundByRegion: boundByRegion } : {}),
      criticalPathDepth: depth,
      criticalPathMs: depth * LATENCY_MS,
      gatewayMs: { "0": round(median(g0)), "25": round(median(g25)) },
      directMs: { "0": round(median(d0)), "25": round(median(d25)) },
      ratio: { "0": round(median(g0) / median(d0), 2), "25": round(median(g25) / median(d25), 2) },
      cpuMsPerOperation: round(median(cpu)),
      directCpuMsPerOperation: round(median(directCpu)),
      gatewayRssMb: round(rss),
      dataEqual: difference === "",
      ...(difference ? { difference } : {}),
    };
    if (directCalls.total !== total(bound)) note(`${label}: the direct program made ${directCalls.total} calls, the bound is ${total(bound)} (${opDifferences(directCalls.byOperation, bound)})`);
    if (gatewayCalls.total !== total(bound)) {
      const perRegion = w.regions
        .map((r) => [r, opDifferences(byRegion[r] ?? {}, boundByRegion[r] ?? {})])
        .filter(([, d]) => d)
        .map(([r, d]) => `${r}: ${d}`);
      note(`${label}: the gateway made ${gatewayCalls.total} calls, the bound is ${total(bound)} (${opDifferences(gatewayCalls.byOperation, bound)}${regions.length > 1 ? `; by region, gateway vs bound: ${perRegion.join("; ")}` : ""})`);
    }
    return result;
  } finally {
    direct.close();
    await gateway?.stop();
    await emulator.stop();
  }
}

/** The dashboard at the largest size with the gateway's default governor, back to back, at 0 ms: what the quota guard costs. */
async function measureDefaultGovernor(accounts: number, runs: number): Promise<{ accounts: number; runs: number; gatewayMs: number; awsCalls: number; maxCallsPerAccount: number }> {
  const emulator = await startEmulatorProcess(`generate:accounts=${accounts},seed=${SEED}`);
  const gateway = await startGatewayProcess(emulator.url, emulator.scenario);
  try {
    await gateway.gql("{ accounts { status } }");
    const times: number[] = [];
    let awsCalls = 0;
    let maxCallsPerAccount = 0;
    for (let i = 0; i < runs; i++) {
      await emulator.control("POST", "/_emulator/calls/reset");
      const t0 = performance.now();
      const res = await gateway.gql(DASHBOARD);
      times.push(performance.now() - t0);
      if (res.errors) note(`default governor: the dashboard answered errors: ${JSON.stringify(res.errors).slice(0, 300)}`);
      const c = await emulator.control<{ total: number; byAccount: Record<string, Record<string, number>> }>("GET", "/_emulator/calls");
      awsCalls = c.total;
      maxCallsPerAccount = Math.max(...Object.values(c.byAccount).map((ops) => total(ops)));
    }
    return { accounts, runs, gatewayMs: round(median(times)), awsCalls, maxCallsPerAccount };
  } finally {
    await gateway.stop();
    await emulator.stop();
  }
}

// ---- subscription fan-out --------------------------------------------------------

interface FanoutResult {
  selection: string;
  subscribers: number;
  subscribeBurstMs: number;
  /** Subscribers answered an error (or whose subscription ended) instead of events, and the first such error. */
  failedSubscribers: number;
  firstError?: string;
  /** Connections that had to be made again during the burst (e.g. an upgrade refused with 408 while the gateway was busy). */
  reconnects: number;
  awsCallsPerSubscribeBurst: number;
  burstByOperation: Record<string, number>;
  awsCallsPerInterval: number;
  pollsInIdleWindow: number;
  awsCallsPerEvent: number;
  eventByOperation: Record<string, number>;
  events: number;
  p50DeliveryMs: number;
  p99DeliveryMs: number;
  gatewayRssMb: number;
  gatewayRssBeforeMb: number;
}

const WATCH = { minIntervalMs: 250, maxIntervalMs: 1_000 };
const CANCEL_AFTER_MS = 1_000; // the emulator's default run schedule: CANCELLING for 1 s, then CANCELLED

async function measureFanout(accounts: number, subscribers: number): Promise<FanoutResult[]> {
  const scenario: Scenario = generateScenario({ accounts, seed: SEED });
  const w = world(scenario);
  // Seeded runs keep their status until cancelled: the bench decides when the status changes.
  const open = scenario.protectedQueries.filter((q) => (q.status === "STARTED" || q.status === "SUBMITTED") && w.memberships.some((m) => m.id === q.membershipId));
  if (open.length < 2) throw new Error("fan-out needs two open seeded queries in federated memberships");
  const emulator = await startEmulatorProcess(`generate:accounts=${accounts},seed=${SEED}`);
  const gateway = await startGatewayProcess(emulator.url, emulator.scenario, {
    governor: GENEROUS,
    watch: WATCH,
    // 1,000 subscribers are 1,000 users; here one principal stands for all of them, so its connection cap is off.
    limits: { maxConnectionsPerPrincipal: false },
  });
  const direct = new DirectDashboard(emulator.url, emulator.scenario);
  const results: FanoutResult[] = [];
  try {
    await direct.connect();
    await gateway.gql("{ accounts { status } }");
    const calls = () => emulator.control<{ total: number; byOperation: Record<string, number> }>("GET", "/_emulator/calls");
    const reset = () => emulator.control("POST", "/_emulator/calls/reset");
    const selections = [
      { name: "status", fields: "status" },
      { name: "status + payer", fields: "status payer { accountId displayName }" },
    ];
    for (const [i, selection] of selections.entries()) {
      const run = open[i];
      const holder = w.memberships.find((m) => m.id === run.membershipId)!.accountId;
      const query = `subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { ${selection.fields} } }`;
      const rssBefore = usage(gateway.child.pid!).rssMb;
      const clients: Client[] = [];
      const received: { status: string; at: number }[][] = Array.from({ length: subscribers }, () => []);
      let reconnects = 0;
      let firstEvents = 0;
      let completed = 0;
      const errors: string[] = [];
      let allFirst!: () => void, allDone!: () => void;
      const firstDone = new Promise<void>((resolve) => (allFirst = resolve));
      const done = new Promise<void>((resolve) => (allDone = resolve));
      await reset();
      const t0 = performance.now();
      for (let s = 0; s < subscribers; s++) {
        const client = createClient({
          url: gateway.url.replace(/^http/, "ws"),
          webSocketImpl: WebSocket,
          connectionParams: { Authorization: `Bearer ${OPERATOR_TOKEN}` },
          // As a real client would: a refused or dropped connection is retried (counted below as reconnects).
          retryAttempts: 10,
          shouldRetry: () => true,
          on: { connected: (_socket, _payload, wasRetry) => void (wasRetry && reconnects++) },
        });
        clients.push(client);
        client.subscribe<{ protectedQueryStatusChanged: { status: string } }>(
          { query, variables: { m: run.membershipId, id: run.id } },
          {
            next: (event) => {
              if (event.errors) {
                // Counted, not fatal: how many of the subscribers the gateway fails is part of the figure.
                errors.push(JSON.stringify(event.errors).slice(0, 300));
                return;
              }
              received[s].push({ status: event.data!.protectedQueryStatusChanged.status, at: Date.now() });
              if (received[s].length === 1 && ++firstEvents === subscribers) allFirst();
            },
            error: (e) => {
              errors.push(e instanceof Error ? e.message : JSON.stringify(e).slice(0, 300));
              if (received[s].length === 0 && ++firstEvents === subscribers) allFirst();
              if (++completed === subscribers) allDone();
            },
            complete: () => {
              if (received[s].length === 0 && ++firstEvents === subscribers) allFirst();
              if (++completed === subscribers) allDone();
            },
          },
        );
      }
      await within(firstDone, 120_000, `${subscribers} subscribers did not all get their first event`);
      const burstMs = performance.now() - t0;
      const burst = await calls();

      // Idle: nothing changes; what does watching cost per poll interval?
      const before = (await gateway.stats()).watchStats;
      await reset();
      await new Promise((r) => setTimeout(r, 3_000)); // a measuring window, not a wait for something to happen
      const idle = await calls();
      const after = (await gateway.stats()).watchStats;
      const polls = after.polls - before.polls;
      const rss = usage(gateway.child.pid!).rssMb;

      // The change: cancel as the holder, directly; CANCELLING now, CANCELLED a second later.
      await direct.client(holder).send(new UpdateProtectedQueryCommand({ membershipIdentifier: run.membershipId, protectedQueryIdentifier: run.id, targetStatus: "CANCELLED" }));
      const changedAt = Date.now();
      await reset();
      await within(done, 60_000, `${subscribers} subscriptions did not all complete after CANCELLED`);
      const eventCalls = await calls();
      const delivery: number[] = [];
      for (const events of received) {
        for (const e of events) {
          if (e.status === "CANCELLING") delivery.push(e.at - changedAt);
          if (e.status === "CANCELLED") delivery.push(e.at - (changedAt + CANCEL_AFTER_MS));
        }
      }
      const missing = received.filter((events) => events.length > 0 && !events.some((e) => e.status === "CANCELLED")).length;
      if (missing > 0) note(`fan-out (${selection.name}): ${missing} subscribers never saw CANCELLED`);
      const skipped = received.filter((events) => events.length > 0 && !events.some((e) => e.status === "CANCELLING")).length;
      if (skipped > 0 && skipped < subscribers) note(`fan-out (${selection.name}): ${skipped} subscribers saw no CANCELLING (the poll came after it had passed)`);
      // The statuses after the change that reached subscribers: CANCELLED, and CANCELLING when a poll fell in its second.
      const events = new Set(received.flatMap((evs) => evs.filter((e) => e.status === "CANCELLING" || e.status === "CANCELLED").map((e) => e.status))).size || 1;
      results.push({
        selection: selection.name,
        subscribers,
        subscribeBurstMs: round(burstMs),
        failedSubscribers: received.filter((events) => events.length === 0).length,
        ...(errors.length ? { firstError: errors[0] } : {}),
        reconnects,
        awsCallsPerSubscribeBurst: burst.total,
        burstByOperation: burst.byOperation,
        awsCallsPerInterval: polls > 0 ? round(idle.total / polls, 2) : NaN,
        pollsInIdleWindow: polls,
        awsCallsPerEvent: round(eventCalls.total / events, 1),
        eventByOperation: eventCalls.byOperation,
        events,
        p50DeliveryMs: round(percentile(delivery, 50)),
        p99DeliveryMs: round(percentile(delivery, 99)),
        gatewayRssMb: round(rss),
        gatewayRssBeforeMb: round(rssBefore),
      });
      await Promise.all(clients.map((c) => c.dispose()));
    }
    return results;
  } finally {
    direct.close();
    await gateway.stop();
    await emulator.stop();
  }
}

// ---- gateway overhead without AWS ----------------------------------------------------

const OVERHEAD_QUERY = "{ accounts { accountId alias } }";

async function load(url: string, headers: Record<string, string>, concurrency: number, durationMs: number): Promise<{ rps: number; p50Ms: number; p99Ms: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + durationMs;
  const body = JSON.stringify({ query: OVERHEAD_QUERY });
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      const json = (await res.json()) as { errors?: unknown };
      latencies.push(performance.now() - t0);
      if (!res.ok || json.errors) errors++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  return { rps: round(latencies.length / (elapsed / 1000), 0), p50Ms: round(percentile(latencies, 50), 2), p99Ms: round(percentile(latencies, 99), 2), errors };
}

async function measureOverhead(): Promise<{ concurrency: number; gateway: Awaited<ReturnType<typeof load>>; bareApollo: Awaited<ReturnType<typeof load>> }[]> {
  const emulator = await startEmulatorProcess(`generate:accounts=5,seed=${SEED}`);
  const gateway = await startGatewayProcess(emulator.url, emulator.scenario, { governor: GENEROUS });
  const bare = await startBareApollo();
  try {
    const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
    await load(gateway.url, auth, 4, 1_000); // warm-up (JIT, connections, credentials)
    await load(bare.url, {}, 4, 1_000);
    await emulator.control("POST", "/_emulator/calls/reset");
    const out = [];
    for (const concurrency of [1, 10, 50]) {
      // Alternating halves, so that a noisy moment on the machine falls on both.
      const g1 = await load(gateway.url, auth, concurrency, 2_000);
      const b1 = await load(bare.url, {}, concurrency, 2_000);
      const g2 = await load(gateway.url, auth, concurrency, 2_000);
      const b2 = await load(bare.url, {}, concurrency, 2_000);
      const merge = (x: typeof g1, y: typeof g1) => ({ rps: round((x.rps + y.rps) / 2, 0), p50Ms: round((x.p50Ms + y.p50Ms) / 2, 2), p99Ms: Math.max(x.p99Ms, y.p99Ms), errors: x.errors + y.errors });
      out.push({ concurrency, gateway: merge(g1, g2), bareApollo: merge(b1, b2) });
    }
    const c = await emulator.control<{ total: number }>("GET", "/_emulator/calls");
    if (c.total !== 0) note(`overhead: the query "${OVERHEAD_QUERY}" made ${c.total} AWS calls; it was meant to make none`);
    return out;
  } finally {
    await bare.stop();
    await gateway.stop();
    await emulator.stop();
  }
}

// ---- a CPU profile of the gateway during the dashboard --------------------------------------

interface ProfileResult {
  accounts: number;
  runs: number;
  file: string;
  windowMs: number;
  sampledMs: number;
  top: { selfMs: number; selfPercent: number; fn: string }[];
  areas: { selfMs: number; selfPercent: number; area: string }[];
}

async function profileDashboard(accounts: number, runs: number): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), "bench-cpuprof-"));
  const emulator = await startEmulatorProcess(`generate:accounts=${accounts},seed=${SEED}`);
  const gateway = await startGatewayProcess(emulator.url, emulator.scenario, { governor: GENEROUS, execArgv: ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"] });
  // The profile covers the process's whole life; only samples between these two instants (the same monotonic clock
  // as V8's sample timestamps, in µs) are the dashboard's.
  let from = 0, to = 0;
  try {
    await gateway.gql("{ accounts { status } }");
    await gateway.gql(DASHBOARD); // first use (lazy requires, JIT) out of the window
    from = Number(process.hrtime.bigint() / 1000n);
    for (let i = 0; i < runs; i++) {
      const res = await gateway.gql(DASHBOARD);
      if (res.errors) throw new Error("the dashboard failed while profiling");
    }
    to = Number(process.hrtime.bigint() / 1000n);
  } finally {
    await gateway.stop(); // the profile is written as the process exits
    await emulator.stop();
  }
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  /** Where a function lives, coarsely: a package, the gateway's own part, or Node itself. */
  const area = (url: string) => {
    const path = url.replace(/^file:\/\//, "");
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path);
    if (pkg) return pkg[1];
    const own = /\/src\/([^/]+)/.exec(path);
    if (own) return `src/${own[1]}`;
    return url.startsWith("node:") ? "node internals" : url ? "other" : "(native, GC, idle)";
  };
  const byArea = new Map<string, number>();
  // Self time per function: each sample's delta goes to the node it landed on.
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let all = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const n = byNode.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < from || at > to) return;
    all += dt;
    const f = n.callFrame;
    byArea.set(area(f.url), (byArea.get(area(f.url)) ?? 0) + dt);
    const where = f.url ? `${f.url.replace(/^file:\/\//, "").replace(packageRoot() + "/", "")}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([fn, us]) => ({ selfMs: round(us / 1000), selfPercent: round((100 * us) / all), fn }));
  const areas = [...byArea.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ selfMs: round(us / 1000), selfPercent: round((100 * us) / all), area: name }));
  return { accounts, runs, file: join(dir, file), windowMs: round((to - from) / 1000), sampledMs: round(all / 1000), top, areas };
}

// ---- the run ----------------------------------------------------------------------

function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")).join("\n");
}

async function main(): Promise<void> {
  console.log(`cleanrooms-graph bench: seed ${SEED}, sizes ${SIZES.join("/")} accounts, ${RUNS} runs each, ${LATENCY_MS} ms injected; ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  if (loadavg()[0] > cpus().length * 0.5) note(`the machine was busy at the start (load ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs): times are noisy`);
  const scaling: SizeResult[] = [];
  const regionNames = REGION_NAMES.slice(0, REGIONS);
  /** One run (gateway and direct, 0 ms and 25 ms) of a size, from a measured one: scaled by accounts, and by regions (an account's own lists are read once more per region; the rest is spread over them), with a margin. */
  const perRunEstimate = (from: SizeResult, accounts: number, regions: number) =>
    (from.gatewayMs["0"] + from.gatewayMs["25"] + from.directMs["0"] + from.directMs["25"]) * (accounts / from.accounts) * (1 + 0.5 * (regions - 1)) * 1.5;
  const SETUP_MS = 15_000; // starting the emulator and the gateway, the first (unmeasured) dashboards
  const TAIL_MS = 150_000; // default governor, fan-out, overhead, profile
  /** Fewer runs (never fewer than 3) when the time spent so far says the budget would not hold, said in a note. */
  const withinBudget = (label: string, perRunMs: number, reserveMs: number): number => {
    const affordable = Math.floor((BUDGET_MS - (performance.now() - startedAt) - reserveMs) / Math.max(perRunMs, 1));
    if (affordable >= RUNS) return RUNS;
    note(`${label}: ${Math.max(3, affordable)} runs instead of ${RUNS}, to stay within the time budget`);
    return Math.max(3, affordable);
  };
  for (const [i, accounts] of SIZES.entries()) {
    let runs = RUNS;
    // The largest size gets fewer runs when the budget would not hold, keeping room for the multi-region one (3 runs at least).
    const previous = scaling.at(-1);
    if (previous && i === SIZES.length - 1) {
      const multiRegion = REGIONS > 1 ? SETUP_MS + 3 * perRunEstimate(previous, accounts, REGIONS) : 0;
      runs = withinBudget(`${accounts} accounts`, perRunEstimate(previous, accounts, 1), TAIL_MS + multiRegion);
    }
    console.log(`dashboard at ${accounts} accounts (${runs} runs)...`);
    scaling.push(await measureSize(accounts, runs));
  }
  const headline = scaling.at(-1)!;
  if (REGIONS > 1) {
    // The largest size once more, every account in REGIONS regions (a scaling entry with `regions: REGIONS`).
    const runs = withinBudget(`${headline.accounts} accounts x ${REGIONS} regions`, perRunEstimate(headline, headline.accounts, REGIONS), TAIL_MS + SETUP_MS);
    console.log(`dashboard at ${headline.accounts} accounts x ${REGIONS} regions (${regionNames.join(", ")}; ${runs} runs)...`);
    scaling.push(await measureSize(headline.accounts, runs, regionNames));
  }

  let defaultGovernor: Awaited<ReturnType<typeof measureDefaultGovernor>> | undefined;
  if (!flag("no-governor")) {
    console.log(`dashboard at ${headline.accounts} accounts with the default governor...`);
    defaultGovernor = await measureDefaultGovernor(headline.accounts, 3).catch((e: unknown) => void note(`default governor failed: ${String(e)}`.slice(0, 500)));
  }

  // A stage that fails is noted and the others still report.
  const stage = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    console.log(`${name}...`);
    try {
      return await run();
    } catch (e) {
      note(`${name} failed: ${e instanceof Error ? e.message : JSON.stringify(e)}`.slice(0, 1000));
      return undefined;
    }
  };
  const fanout = flag("no-fanout") ? undefined : await stage(`subscription fan-out: ${SUBSCRIBERS} subscribers`, () => measureFanout(5, SUBSCRIBERS));
  const overhead = flag("no-overhead") ? undefined : await stage("gateway overhead without AWS", measureOverhead);
  const profileAccounts = Number(option("profile-accounts", "10"));
  const profile = flag("profile") ? await stage(`CPU profile of the gateway: dashboard at ${profileAccounts} accounts`, () => profileDashboard(profileAccounts, 20)) : undefined;

  const statusOnly = fanout?.[0];
  const results = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
    seed: SEED,
    scenario: `generate:accounts=N,seed=${SEED} (other parameters at their defaults: collaborations=min(100,2N), partners=ceil(N/5), members<=4, changeRequests=2, runs=3)${REGIONS > 1 ? `; the scaling entry with regions: ${REGIONS} adds regions=${regionNames.join(",")} (collaborations spread over them, every account read in each)` : ""}`,
    gatewayGovernor: GENEROUS,
    injectedLatencyMs: LATENCY_MS,
    dashboard: {
      accounts: headline.accounts,
      awsCalls: headline.awsCalls,
      awsCallsLowerBound: headline.awsCallsLowerBound,
      awsCallsByOperation: headline.awsCallsByOperation,
      lowerBoundByOperation: headline.lowerBoundByOperation,
      latencyMs: headline.gatewayMs,
      criticalPathMs: headline.criticalPathMs,
      criticalPathDepth: headline.criticalPathDepth,
      runs: headline.runs,
      defaultGovernor,
    },
    direct: {
      accounts: headline.accounts,
      ratio0ms: headline.ratio["0"],
      ratio25ms: headline.ratio["25"],
      latencyMs: headline.directMs,
      awsCalls: headline.directAwsCalls,
      dataEqual: scaling.every((s) => s.dataEqual),
    },
    scaling,
    fanout: statusOnly && {
      /** The top-level figures are the status-only selection's; `withPayer` and `selections` hold both. */
      topLevelSelection: statusOnly.selection,
      subscribers: statusOnly.subscribers,
      awsCallsPerSubscribeBurst: statusOnly.awsCallsPerSubscribeBurst,
      awsCallsPerInterval: statusOnly.awsCallsPerInterval,
      awsCallsPerEvent: statusOnly.awsCallsPerEvent,
      p50DeliveryMs: statusOnly.p50DeliveryMs,
      p99DeliveryMs: statusOnly.p99DeliveryMs,
      gatewayRssMb: statusOnly.gatewayRssMb,
      watch: WATCH,
      withPayer: fanout?.[1],
      selections: fanout,
    },
    overhead: overhead ?? [],
    profile,
    notes,
    elapsedSeconds: round((performance.now() - startedAt) / 1000),
  };
  writeFileSync(join(packageRoot(), "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);

  console.log("\nDashboard (schema/operations/dashboard.graphql), medians; gateway vs direct, interleaved");
  console.log(
    table([
      ["accounts", "regions", "collabs", "memberships", "runs", "calls", "bound", "direct calls", "gw 0ms", "direct 0ms", "ratio", "gw 25ms", "direct 25ms", "ratio", "crit. path", "CPU/op ms", "direct CPU", "RSS MB", "data equal"],
      ...scaling.map((s) => [
        s.accounts,
        s.regions,
        s.collaborations,
        s.memberships,
        s.runs,
        s.awsCalls,
        s.awsCallsLowerBound,
        s.directAwsCalls,
        s.gatewayMs["0"],
        s.directMs["0"],
        s.ratio["0"],
        s.gatewayMs["25"],
        s.directMs["25"],
        s.ratio["25"],
        `${s.criticalPathMs} (${s.criticalPathDepth}x)`,
        s.cpuMsPerOperation,
        s.directCpuMsPerOperation,
        s.gatewayRssMb,
        s.dataEqual ? "yes" : "NO",
      ]),
    ]),
  );
  if (defaultGovernor) console.log(`default governor (${DEFAULTS.governor.callsPerSecond}/s, burst ${DEFAULTS.governor.burst}, ${DEFAULTS.governor.maxConcurrent} in flight per account), ${defaultGovernor.accounts} accounts, 0 ms, back to back: median ${defaultGovernor.gatewayMs} ms over ${defaultGovernor.runs} runs; up to ${defaultGovernor.maxCallsPerAccount} calls for one account`);
  if (fanout) {
    console.log(`\nSubscription fan-out: ${SUBSCRIBERS} graphql-ws subscribers (one connection each) on one protected query; watch ${JSON.stringify(WATCH)}`);
    console.log(
      table([
        ["selection", "burst ms", "failed", "reconnects", "calls/burst", "calls/poll", "calls/event", "p50 ms", "p99 ms", "RSS before", "RSS with subs"],
        ...fanout.map((f) => [f.selection, f.subscribeBurstMs, f.failedSubscribers, f.reconnects, f.awsCallsPerSubscribeBurst, f.awsCallsPerInterval, f.awsCallsPerEvent, f.p50DeliveryMs, f.p99DeliveryMs, f.gatewayRssBeforeMb, f.gatewayRssMb]),
      ]),
    );
    console.log("  (delivery: from the status change in the emulator to the subscriber; includes up to one poll interval)");
  }
  if (overhead) {
    console.log(`\nOverhead without AWS: "${OVERHEAD_QUERY}", requests/s and p99 (load generator on the same machine)`);
    console.log(
      table([
        ["concurrency", "gateway req/s", "gateway p99 ms", "bare Apollo req/s", "bare Apollo p99 ms"],
        ...overhead.map((o) => [o.concurrency, o.gateway.rps, o.gateway.p99Ms, o.bareApollo.rps, o.bareApollo.p99Ms]),
      ]),
    );
  }
  if (profile) {
    console.log(`\nGateway CPU profile, dashboard at ${profile.accounts} accounts x ${profile.runs} (${profile.file}): top self time`);
    console.log(`  ${profile.windowMs} ms of dashboards, ${profile.sampledMs} ms sampled in the gateway (the rest: waiting on the emulator)`);
    console.log(table([["self ms", "%", "function"], ...profile.top.slice(0, 15).map((t) => [t.selfMs, t.selfPercent, t.fn])]));
    console.log(table([["self ms", "%", "where"], ...profile.areas.slice(0, 12).map((t) => [t.selfMs, t.selfPercent, t.area])]));
  }
  if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `  - ${n}`).join("\n")}`);
  console.log(`\nbench/results.json written; ${round((performance.now() - startedAt) / 1000)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
