/**
 * `npm run load` (issue 14, item 7): 50 concurrent clients for 60 s against TWO gateway replicas (child processes,
 * the production entry point `src/main.js --config FILE`) that share a redis-server this program starts (watch,
 * idempotency and audit all point at it), in front of the emulator (a child process, real clock, a generated
 * scenario). Not part of `npm test`.
 *
 * Each client loops, with no think time, over a seeded mix: the dashboard, the approvals inbox, startProtectedQuery
 * and startProtectedJob with an idempotency key (some repeated on the OTHER replica, after the answer or at the same
 * time, to prove the keys are shared through Redis), cancels of its own runs, change-request votes, and graphql-ws
 * subscriptions following its runs on the other replica. Requests alternate between the replicas. Observers on
 * replica 1 watch every targeted membership (runStatusChanged) for the runs started on either replica.
 *
 * It prints requests, p50/p99 latency (overall and per kind), errors by code, the AWS calls per operation
 * (/_emulator/calls) and each replica's RSS before and after, and fails (exit code 1) unless:
 *   - every idempotency key started at most one run, every key a client got an answer for started exactly one, and
 *     every id a client got back is a run the emulator has (listed through the SDK as each membership's holder; a run
 *     no answer named is attributed to its key, which each start writes into its SQL or job parameters);
 *   - no answer was a 5xx, nor a masked INTERNAL_SERVER_ERROR (a 5xx in all but status).
 * THROTTLED (HTTP 429, or the governor's refusal in a 200) is counted and reported, not a failure.
 *
 *   npm run load
 *   npm run load -- --clients=20 --seconds=30 --accounts=5 --seed=25
 *   npm run load -- --seconds=10 --memory-idempotency   # must FAIL: keys not shared, repeats start twice
 */
import { GetProtectedJobCommand, GetProtectedQueryCommand, ListProtectedJobsCommand, ListProtectedQueriesCommand } from "@aws-sdk/client-cleanrooms";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "graphql-ws";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { hashApiKey } from "../src/auth/api-keys";
import { DEFAULTS } from "../src/defaults";
import { generateScenario } from "../src/emulator/scenario-generator";
import { seededRandom } from "../src/emulator/random";
import { DirectDashboard } from "../bench/direct";
import { forkServing, gatewayEnv, gatewayNodeFlags, startEmulatorProcess, usage } from "../bench/processes";
import { startTestRedis } from "../test/support/redis";

// ---- settings ------------------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const CLIENTS = option("clients", 50);
const SECONDS = option("seconds", 60);
const ACCOUNTS = option("accounts", 5);
/** Seed 25 at 5 accounts: 14 memberships that can query, 6 that can run jobs, 6 votes pending from federated accounts. */
const SEED = option("seed", 25);
/** Principals: clients i, i+GROUPS, ... share API key i (5 clients each), so per-principal limits stay at their defaults. */
const GROUPS = option("groups", 10);
/** A negative control: each replica keeps its own idempotency keys in memory, so repeats on the other replica start twice and the check must fail. */
const MEMORY_IDEMPOTENCY = argv.includes("--memory-idempotency");
const REQUEST_TIMEOUT_MS = 30_000;
/** How long a follower waits for its run's last status (the emulator finishes a run 8 s after it starts). */
const FOLLOW_LIMIT_MS = 30_000;

/** What differs from src/defaults.ts, and why; printed with the results. */
const GOVERNOR = { callsPerSecond: 1_000, burst: 1_000 };
const AWS_CALL_RATE = { burst: 20_000, perSecond: 1_000 };
const DIFFERENCES = [
  `aws.governor callsPerSecond ${DEFAULTS.governor.callsPerSecond} -> ${GOVERNOR.callsPerSecond}, burst ${DEFAULTS.governor.burst} -> ${GOVERNOR.burst} (per account and replica; maxConcurrent ${DEFAULTS.governor.maxConcurrent} and maxWaitMs ${DEFAULTS.governor.maxWaitMs} kept): the defaults guard a quota the emulator does not have`,
  `limits.awsCallRate ${JSON.stringify(DEFAULTS.limits.awsCallRate)} -> ${JSON.stringify(AWS_CALL_RATE)} per principal: ${Math.ceil(CLIENTS / GROUPS)} clients replaying dashboards back to back are not one person`,
  `${GROUPS + 1} API-key principals (${GROUPS} for the clients, one for the observers) instead of one person`,
  `watch.redisUrl, ${MEMORY_IDEMPOTENCY ? "" : "idempotency.redisUrl, "}audit.redisUrl: the load's own redis-server; server.port 0${MEMORY_IDEMPOTENCY ? " (--memory-idempotency: keys in each replica's memory)" : ""}`,
];

// ---- statistics -----------------------------------------------------------------------------------------------------

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const percentile = (xs: number[], p: number) => {
  const s = sorted(xs);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")).join("\n");
}
/** A bound on a wait for events, so that a lost event fails the run instead of hanging it. */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

interface KindStats {
  latencies: number[];
  ok: number;
  codes: Map<string, number>;
}
const stats = new Map<string, KindStats>();
const httpStatuses = new Map<number, number>();
const serverErrors: string[] = [];
const perReplica = [0, 0];
/** Mutations the gateway executed (answered, and not refused by a limit before running): each writes one audit event. */
let mutationsAnswered = 0;

function record(kind: string, ms: number, codes: string[]): void {
  let s = stats.get(kind);
  if (!s) stats.set(kind, (s = { latencies: [], ok: 0, codes: new Map() }));
  s.latencies.push(ms);
  if (codes.length === 0) s.ok++;
  for (const c of new Set(codes)) s.codes.set(c, (s.codes.get(c) ?? 0) + 1);
}

// ---- processes ------------------------------------------------------------------------------------------------------

const children: { stop(): Promise<void> }[] = [];

interface Replica {
  index: number;
  url: string;
  wsUrl: string;
  child: ChildProcess;
  output(): string;
}

/** `node <build>/src/main.js --config FILE` with `npm start`'s node flags, as test/subscriptions/replicas.ts starts a replica. */
async function startReplica(index: number, configFile: string, gateway: { accessKeyId: string; secretAccessKey: string }, region: string): Promise<Replica> {
  const c = await forkServing(join(__dirname, "..", "src", "main.js"), ["--config", configFile], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", ...gatewayEnv(gateway, region) },
    execArgv: gatewayNodeFlags(),
  }).catch((e: unknown) => {
    throw new Error(`replica ${index}: ${(e as Error).message}`);
  });
  children.push(c);
  return { index, url: c.url, wsUrl: c.url.replace(/^http/, "ws"), child: c.child, output: c.output };
}

// ---- the scenario's targets -------------------------------------------------------------------------------------------

interface QueryTarget {
  membershipId: string;
  accountId: string;
  payerAccountId: string;
  output: Record<string, unknown>;
}
interface JobTarget {
  membershipId: string;
  accountId: string;
  payerAccountId: string;
  analysisTemplateArn: string;
  receiverAccountId: string;
}
interface Vote {
  collaborationId: string;
  changeRequestId: string;
  accountId: string;
}

/** What there is to start and vote on, from the same generated scenario the emulator runs; seeded runs give valid payers and outputs. */
function targets() {
  const s = generateScenario({ accounts: ACCOUNTS, seed: SEED });
  const federated = new Set(s.accounts.filter((a) => a.federated).map((a) => a.accountId));
  const queries: QueryTarget[] = [];
  const jobs: JobTarget[] = [];
  const votes: Vote[] = [];
  for (const c of s.collaborations) {
    for (const m of c.members) {
      if (!m.membershipId || !federated.has(m.accountId)) continue;
      const q = s.protectedQueries.find((r) => r.membershipId === m.membershipId);
      if (q) {
        const output = "memberAccountId" in q.output ? { member: { accountId: q.output.memberAccountId } } : { s3: { bucket: q.output.s3Bucket, keyPrefix: q.output.keyPrefix, resultFormat: "CSV" } };
        queries.push({ membershipId: m.membershipId, accountId: m.accountId, payerAccountId: q.payerAccountId, output });
      }
      const j = s.protectedJobs.find((r) => r.membershipId === m.membershipId);
      if (j) jobs.push({ membershipId: m.membershipId, accountId: m.accountId, payerAccountId: j.payerAccountId, analysisTemplateArn: j.analysisTemplateArn, receiverAccountId: j.receiverAccountId });
    }
    for (const r of c.changeRequests) {
      if (r.status !== "PENDING") continue;
      for (const [accountId, vote] of Object.entries(r.approvals)) if (vote === "PENDING" && federated.has(accountId)) votes.push({ collaborationId: c.id, changeRequestId: r.id, accountId });
    }
  }
  const seeded = new Set([...s.protectedQueries.map((r) => r.id), ...s.protectedJobs.map((r) => r.id)]);
  return { queries, jobs, votes, seeded };
}

// ---- GraphQL ----------------------------------------------------------------------------------------------------------

const DASHBOARD = `query Dashboard {
  accounts { id accountId alias status memberships(first: 100) { nodes { id status memberAbilities collaboration { id name }
    protectedQueries(first: 10) { nodes { id status createTime payer { id accountId displayName } receivers { id accountId displayName } } }
    protectedJobs(first: 10) { nodes { id status createTime payer { id accountId displayName } receivers { id accountId displayName } } } } } }
  collaborations(first: 100) { nodes { id name analyticsEngine creatorDisplayName createTime
    members { id accountId displayName status abilities isFederated }
    payerCandidates(costType: QUERY_COMPUTE) { id accountId } defaultPayer(costType: QUERY_COMPUTE) { id accountId }
    changeRequests(status: PENDING) { nodes { id status changes { id types member { id accountId member { id displayName } } }
      approvals { id accountId status member { id displayName isFederated } } } } } }
}`;
// schema/operations/dashboard.graphql, verbatim in meaning; written inline so that the build needs no file at run time.
const PENDING_APPROVALS = `query PendingApprovals { pendingApprovals(first: 20) { totalCount edges { node { id voterAccountIds collaboration { id name } changeRequest { id status } } } } }`;
const START_QUERY = `mutation StartQueryWithPayer($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id membershipId status payer { id accountId } } }`;
const START_JOB = `mutation StartJob($input: StartProtectedJobInput!) { startProtectedJob(input: $input) { id membershipId status payer { id accountId } } }`;
const CANCEL_QUERY = `mutation CancelQuery($m: ID!, $id: ID!) { cancelProtectedQuery(membershipId: $m, id: $id) { id status } }`;
const CANCEL_JOB = `mutation CancelJob($m: ID!, $id: ID!) { cancelProtectedJob(membershipId: $m, id: $id) { id status } }`;
const APPROVE = `mutation Approve($c: ID!, $r: ID!, $a: String) { approveChangeRequest(collaborationId: $c, changeRequestId: $r, asAccountId: $a) { id status } }`;
const FOLLOW_QUERY = `subscription QueryStatus($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) { id status payer { id accountId } } }`;
const FOLLOW_JOB = `subscription JobStatus($m: ID!, $id: ID!) { protectedJobStatusChanged(membershipId: $m, id: $id) { id status payer { id accountId } } }`;
const RUN_ACTIVITY = `subscription RunActivity($m: ID) { runStatusChanged(membershipId: $m) { id membershipId kind runStatus } }`;

type Answer = { data?: Record<string, unknown> | null; codes: string[]; status: number };

function errorCodes(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => String((e as { extensions?: { code?: unknown } })?.extensions?.code ?? "NO_CODE"));
}

async function gql(replica: Replica, token: string, kind: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  perReplica[replica.index]++;
  const t0 = performance.now();
  let answer: Answer;
  try {
    const res = await fetch(replica.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    httpStatuses.set(res.status, (httpStatuses.get(res.status) ?? 0) + 1);
    let json: { data?: Record<string, unknown> | null; errors?: unknown } = {};
    try {
      json = JSON.parse(text);
    } catch {
      json = { errors: [{ extensions: { code: `HTTP_${res.status}_NOT_JSON` } }] };
    }
    const codes = errorCodes(json.errors);
    if (res.status >= 500 || codes.includes("INTERNAL_SERVER_ERROR")) serverErrors.push(`${kind} on replica ${replica.index}: HTTP ${res.status} ${text.slice(0, 300)}`);
    if (!res.ok && codes.length === 0) codes.push(`HTTP_${res.status}`);
    if (query.startsWith("mutation") && res.status !== 429 && json.data !== undefined) mutationsAnswered++;
    answer = { data: json.data, codes, status: res.status };
  } catch (e) {
    // No answer at all: a client-side timeout, or a connection the gateway dropped.
    const name = (e as Error).name === "TimeoutError" ? "CLIENT_TIMEOUT" : "NETWORK_ERROR";
    answer = { codes: [name], status: 0 };
  }
  record(kind, performance.now() - t0, answer.codes);
  return answer;
}

// ---- what the clients started ----------------------------------------------------------------------------------------------

type RunKind = "query" | "job";
interface KeyRecord {
  kind: RunKind;
  membershipId: string;
  accountId: string;
  /** Ids the answers for this key named (one, if the key works). */
  ids: Set<string>;
  attempts: number;
}
const keys = new Map<string, KeyRecord>();
interface OwnRun {
  kind: RunKind;
  membershipId: string;
  id: string;
  replica: number;
  at: number;
}

let followsCompleted = 0;
let followsCutAtEnd = 0;
const followTerminal = new Map<string, number>();

// ---- main ---------------------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const startedAt = performance.now();
  console.log(
    `cleanrooms-graph load, ${new Date().toISOString()}: ${CLIENTS} clients for ${SECONDS} s on 2 replicas; scenario generate:accounts=${ACCOUNTS},seed=${SEED}; ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const plan = targets();
  if (plan.queries.length === 0 || plan.jobs.length === 0) throw new Error("the scenario has no membership to start queries and jobs in");

  // A throwaway redis-server (nothing persisted), started as the tests start theirs.
  const redis = await startTestRedis();
  children.push({ stop: () => redis.stop() });
  const emulator = await startEmulatorProcess(`generate:accounts=${ACCOUNTS},seed=${SEED}`);
  children.push(emulator);

  const tokens = Array.from({ length: GROUPS + 1 }, (_, g) => `load-principal-${g}-${randomUUID()}`);
  const observerToken = tokens[GROUPS];
  const config = {
    server: { host: "127.0.0.1", port: 0 },
    aws: { cleanroomsEndpoint: emulator.url, stsEndpoint: emulator.url, governor: GOVERNOR },
    accounts: emulator.scenario.accounts
      .filter((a) => a.federated)
      .map((a) => ({ accountId: a.accountId, alias: a.alias, region: emulator.scenario.region, roleArn: a.roleArn, ...(a.externalId ? { externalId: a.externalId } : {}) })),
    auth: {
      apiKeys: tokens.map((t, g) => ({ sha256: hashApiKey(t), principal: g === GROUPS ? "load-observer" : `load-group-${g}`, grants: [{ accounts: ["*"], actions: ["read", "vote", "commit", "run"] }] })),
    },
    limits: { awsCallRate: AWS_CALL_RATE },
    ...(MEMORY_IDEMPOTENCY ? {} : { idempotency: { redisUrl: redis.url } }),
    watch: { redisUrl: redis.url },
    audit: { redisUrl: redis.url },
  };
  const configFile = join(mkdtempSync(join(tmpdir(), "load-gateway-")), "gateway.json");
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const replicas = await Promise.all([0, 1].map((i) => startReplica(i, configFile, emulator.scenario.gateway, emulator.scenario.region)));

  // Warm-up, out of the figures: credentials for every account on both replicas.
  for (const r of replicas) {
    const warm = await gql(r, tokens[0], "warm-up", "{ accounts { accountId status } }");
    const accounts = (warm.data?.accounts ?? []) as { status: string }[];
    if (accounts.length === 0 || !accounts.every((a) => a.status === "AVAILABLE")) throw new Error(`replica ${r.index} is not ready: ${JSON.stringify(warm)}`);
  }
  stats.clear();
  httpStatuses.clear();
  perReplica.fill(0);
  mutationsAnswered = 0;
  const rssBefore = replicas.map((r) => usage(r.child.pid!));
  const emulatorBefore = usage(emulator.child.pid!);

  // Observers: every targeted membership's runs, on replica 1, for the runs started on either replica.
  const observed = new Set<string>();
  let observerErrors = 0;
  let onObserved: (() => void) | undefined;
  let connected!: () => void;
  const observerConnected = new Promise<void>((resolve) => (connected = resolve));
  const observer = createClient({
    url: replicas[1].wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${observerToken}` },
    retryAttempts: 5,
    shouldRetry: () => true,
    on: { connected: () => connected() },
  });
  const watched = [...new Set([...plan.queries, ...plan.jobs].map((t) => t.membershipId))];
  const observerStops = watched.map((m) =>
    observer.subscribe<{ runStatusChanged: { id: string } }>(
      { query: RUN_ACTIVITY, variables: { m } },
      {
        next: (event) => {
          if (event.errors) return void observerErrors++;
          observed.add(event.data!.runStatusChanged.id);
          onObserved?.();
        },
        error: () => void observerErrors++,
        complete: () => {},
      },
    ),
  );
  // Connected is enough: a run started before a subscription's first read is still running at that read (runs last
  // 8 s), and the first read sends every run not yet ended.
  if ((await within(observerConnected.then(() => true), 10_000, false)) === false) throw new Error("the observers could not connect to replica 1");

  await emulator.control("POST", "/_emulator/calls/reset");
  const loadStart = performance.now();
  const end = loadStart + SECONDS * 1000;
  let loadOver!: () => void;
  const over = new Promise<"over">((resolve) => (loadOver = () => resolve("over")));
  const endTimer = setTimeout(loadOver, SECONDS * 1000); // the measurement window itself
  const votes = [...plan.votes];

  const client = async (i: number): Promise<void> => {
    const rng = seededRandom(SEED * 1000 + i);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
    const token = tokens[i % GROUPS];
    const own: OwnRun[] = [];
    let n = i; // requests alternate between the replicas
    let seq = 0;
    const ws: Client[] = replicas.map((r) =>
      createClient({ url: r.wsUrl, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, retryAttempts: 3, shouldRetry: () => true }),
    );

    const start = async (kind: RunKind, at: number): Promise<void> => {
      const key = `load-${i}-${++seq}-${randomUUID()}`;
      let input: Record<string, unknown>;
      let target: QueryTarget | JobTarget;
      if (kind === "query") {
        const t = (target = pick(plan.queries));
        // The key in the SQL: a run no answer named can still be traced to its key in the emulator.
        input = { membershipId: t.membershipId, sqlParameters: { queryString: `SELECT segment, COUNT(*) FROM audience GROUP BY segment -- load ${key}` }, payerAccountId: t.payerAccountId, output: t.output, idempotencyKey: key };
      } else {
        const t = (target = pick(plan.jobs));
        input = { membershipId: t.membershipId, analysisTemplateArn: t.analysisTemplateArn, payerAccountId: t.payerAccountId, receiverAccountId: t.receiverAccountId, parameters: [{ key: "loadKey", value: key }], idempotencyKey: key };
      }
      const rec: KeyRecord = { kind, membershipId: target.membershipId, accountId: target.accountId, ids: new Set(), attempts: 0 };
      keys.set(key, rec);
      const [query, field, label] = kind === "query" ? [START_QUERY, "startProtectedQuery", "startProtectedQuery"] : [START_JOB, "startProtectedJob", "startProtectedJob"];
      const attempt = async (replica: number, kindLabel: string) => {
        rec.attempts++;
        const a = await gql(replicas[replica], token, kindLabel, query, { input });
        const run = a.data?.[field] as { id: string } | undefined;
        if (run?.id) {
          rec.ids.add(run.id);
          own.push({ kind, membershipId: target.membershipId, id: run.id, replica, at: Date.now() });
        }
        return a;
      };
      const other = 1 - at;
      const mode = rng();
      if (mode < 0.2) {
        // A client that gave up waiting and retried elsewhere while the first was still in flight.
        await Promise.all([attempt(at, label), attempt(other, `${label} (same key, other replica, at once)`)]);
      } else {
        const first = await attempt(at, label);
        // A retry after the answer (as after a lost response), or after a failure that may be transient.
        if (mode < 0.5 || first.codes.length > 0) await attempt(other, `${label} (same key, other replica, after)`);
      }
    };

    while (performance.now() < end) {
      const at = n++ % 2;
      const r = rng();
      if (r < 0.3) {
        await gql(replicas[at], token, "dashboard", DASHBOARD);
      } else if (r < 0.4) {
        await gql(replicas[at], token, "pendingApprovals", PENDING_APPROVALS);
      } else if (r < 0.6) {
        await start("query", at);
      } else if (r < 0.7) {
        await start("job", at);
      } else if (r < 0.8) {
        // Cancel a run of its own, the newest (most likely still running).
        const run = own.at(-1 - Math.floor(rng() * Math.min(3, own.length)));
        if (!run) continue;
        if (run.kind === "query") await gql(replicas[at], token, "cancelProtectedQuery", CANCEL_QUERY, { m: run.membershipId, id: run.id });
        else await gql(replicas[at], token, "cancelProtectedJob", CANCEL_JOB, { m: run.membershipId, id: run.id });
      } else if (r < 0.92) {
        // Follow its newest run on the replica that did NOT start it, until the run ends (or the load does).
        const run = own.at(-1);
        if (!run) continue;
        const sub = ws[1 - run.replica];
        const t0 = performance.now();
        let firstSeen = false;
        let last = "";
        let cancel: () => void = () => {};
        let cut = false; // unsubscribing completes the sink: not the run's end
        const done = new Promise<"done" | "over">((resolve) => {
          cancel = sub.subscribe<Record<string, { status: string }>>(
            { query: run.kind === "query" ? FOLLOW_QUERY : FOLLOW_JOB, variables: { m: run.membershipId, id: run.id } },
            {
              next: (event) => {
                if (!firstSeen) {
                  firstSeen = true;
                  record("subscribe (first event)", performance.now() - t0, errorCodes(event.errors));
                }
                const value = event.data && Object.values(event.data)[0];
                if (value) last = value.status;
              },
              error: (e) => {
                const codes = errorCodes(Array.isArray(e) ? e : [{ extensions: { code: e instanceof Error ? "WS_ERROR" : `WS_CLOSE_${(e as { code?: number })?.code ?? "?"}` } }]);
                if (!firstSeen) record("subscribe (first event)", performance.now() - t0, codes);
                else record("subscription (until the run ends)", performance.now() - t0, codes);
                resolve("done");
              },
              complete: () => {
                if (firstSeen && !cut) record("subscription (until the run ends)", performance.now() - t0, []);
                resolve("done");
              },
            },
          );
        });
        const outcome = await within<"done" | "over" | "timeout">(Promise.race([done, over]), FOLLOW_LIMIT_MS, "timeout" as const);
        if (outcome === "done") {
          followsCompleted++;
          followTerminal.set(last, (followTerminal.get(last) ?? 0) + 1);
        } else if (outcome === "over") {
          followsCutAtEnd++;
          cut = true;
          cancel();
        } else {
          record("subscription (until the run ends)", performance.now() - t0, ["FOLLOW_TIMEOUT"]);
          cut = true;
          cancel();
        }
      } else {
        const vote = votes.shift();
        if (!vote) await gql(replicas[at], token, "pendingApprovals", PENDING_APPROVALS);
        else await gql(replicas[at], token, "approveChangeRequest", APPROVE, { c: vote.collaborationId, r: vote.changeRequestId, a: vote.accountId });
      }
    }
    await Promise.all(ws.map((c) => c.dispose()));
  };

  console.log(`load: ${CLIENTS} clients, ${GROUPS} principals, ${plan.queries.length} query and ${plan.jobs.length} job memberships, ${plan.votes.length} votes pending...`);
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  clearTimeout(endTimer);
  loadOver();
  const loadMs = performance.now() - loadStart;
  const calls = await emulator.control<{ total: number; byOperation: Record<string, number> }>("GET", "/_emulator/calls");
  const rssAfter = replicas.map((r) => usage(r.child.pid!));
  const emulatorAfter = usage(emulator.child.pid!);

  // ---- checks -------------------------------------------------------------------------------------------------------------
  const failures: string[] = [];
  const notes: string[] = [];

  // Every run the clients got back, seen by the observers on replica 1 (events cross replicas through Redis).
  const returned = new Set([...keys.values()].flatMap((k) => [...k.ids]));
  const unseen = () => [...returned].filter((id) => !observed.has(id));
  if (unseen().length > 0) {
    await within(
      new Promise<void>((resolve) => {
        onObserved = () => unseen().length === 0 && resolve();
      }),
      15_000,
      undefined,
    );
  }
  const missedByObservers = unseen().length;
  observerStops.forEach((stop) => stop());
  await observer.dispose();

  // The runs the emulator has, listed as each membership's holder through the SDK.
  const direct = new DirectDashboard(emulator.url, emulator.scenario);
  await direct.connect();
  const emulatorRuns = new Map<string, { kind: RunKind; membershipId: string; accountId: string }>();
  const memberships = new Map<string, { accountId: string; kinds: Set<RunKind> }>();
  for (const t of plan.queries) memberships.set(t.membershipId, { accountId: t.accountId, kinds: new Set(["query"]) });
  for (const t of plan.jobs) {
    const m = memberships.get(t.membershipId) ?? { accountId: t.accountId, kinds: new Set<RunKind>() };
    m.kinds.add("job");
    memberships.set(t.membershipId, m);
  }
  for (const [membershipId, m] of memberships) {
    const aws = direct.client(m.accountId);
    for (const kind of m.kinds) {
      let nextToken: string | undefined;
      do {
        const page =
          kind === "query"
            ? await aws.send(new ListProtectedQueriesCommand({ membershipIdentifier: membershipId, maxResults: 100, nextToken })).then((p) => ({ ids: (p.protectedQueries ?? []).map((q) => q.id!), nextToken: p.nextToken }))
            : await aws.send(new ListProtectedJobsCommand({ membershipIdentifier: membershipId, maxResults: 100, nextToken })).then((p) => ({ ids: (p.protectedJobs ?? []).map((j) => j.id!), nextToken: p.nextToken }));
        for (const id of page.ids) if (!plan.seeded.has(id)) emulatorRuns.set(id, { kind, membershipId, accountId: m.accountId });
        nextToken = page.nextToken;
      } while (nextToken);
    }
  }
  // Each run to its key: through the answers, else through the key it carries.
  const runsByKey = new Map<string, Set<string>>();
  const idToKey = new Map<string, string>();
  for (const [key, k] of keys) for (const id of k.ids) idToKey.set(id, key);
  let unanswered = 0;
  for (const [id, run] of emulatorRuns) {
    let key = idToKey.get(id);
    if (!key) {
      unanswered++;
      const aws = direct.client(run.accountId);
      if (run.kind === "query") {
        const q = await aws.send(new GetProtectedQueryCommand({ membershipIdentifier: run.membershipId, protectedQueryIdentifier: id }));
        key = /-- load (\S+)/.exec(q.protectedQuery?.sqlParameters?.queryString ?? "")?.[1];
      } else {
        const j = await aws.send(new GetProtectedJobCommand({ membershipIdentifier: run.membershipId, protectedJobIdentifier: id }));
        key = (j.protectedJob?.jobParameters as { parameters?: Record<string, string> } | undefined)?.parameters?.loadKey;
      }
    }
    if (!key || !keys.has(key)) {
      failures.push(`the emulator has ${run.kind} ${id} in membership ${run.membershipId}, which no client's key started`);
      continue;
    }
    runsByKey.set(key, (runsByKey.get(key) ?? new Set()).add(id));
  }
  direct.close();
  let answeredKeys = 0;
  let keysWithoutRun = 0;
  for (const [key, k] of keys) {
    const runs = runsByKey.get(key) ?? new Set();
    if (k.ids.size > 1) failures.push(`key ${key}: the answers named ${k.ids.size} different runs (${[...k.ids].join(", ")})`);
    if (runs.size > 1) failures.push(`key ${key}: started ${runs.size} runs in the emulator (${[...runs].join(", ")})`);
    for (const id of k.ids) if (!emulatorRuns.has(id)) failures.push(`key ${key}: a client got ${k.kind} ${id} back, which the emulator does not have`);
    if (k.ids.size > 0) answeredKeys++;
    if (runs.size === 0) keysWithoutRun++;
  }
  if (serverErrors.length > 0) failures.push(`${serverErrors.length} answers were 5xx or INTERNAL_SERVER_ERROR; the first: ${serverErrors[0]}`);

  // Redis: the audit stream both replicas append to; the replicas' idempotency figures.
  const r = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await r.connect();
  const auditEvents = await r.xlen(DEFAULTS.audit.stream);
  r.disconnect();
  const idem = await Promise.all(
    replicas.map(async (rep) => {
      const text = await fetch(new URL("/metrics", rep.url), { headers: { authorization: `Bearer ${observerToken}` } }).then((res) => res.text());
      const value = (result: string) => Number(new RegExp(`cleanrooms_graph_idempotency_total\\{result="${result}"\\} (\\S+)`).exec(text)?.[1] ?? 0);
      return { started: value("started"), replayed: value("replayed") };
    }),
  );
  const logErrors = replicas.map((rep) => rep.output().split("\n").filter((l) => /"level":(50|60)/.test(l)));

  // ---- report ---------------------------------------------------------------------------------------------------------------
  const all = [...stats.values()];
  const allLatencies = all.flatMap((s) => s.latencies);
  const requests = allLatencies.length;
  const codeTotals = new Map<string, number>();
  for (const s of all) for (const [c, v] of s.codes) codeTotals.set(c, (codeTotals.get(c) ?? 0) + v);
  const kinds = [...stats.entries()].sort(([a], [b]) => a.localeCompare(b));
  console.log(`\nLoad: ${SECONDS} s, the last answer after ${round(loadMs / 1000, 1)} s; ${requests} requests and subscriptions (${round(requests / (loadMs / 1000), 1)}/s), ${perReplica[0]} HTTP requests to replica 0 and ${perReplica[1]} to replica 1`);
  console.log(
    table([
      ["kind", "count", "ok", "p50 ms", "p99 ms", "errors by code"],
      ...kinds.map(([kind, s]) => [
        kind,
        s.latencies.length,
        s.ok,
        round(percentile(s.latencies, 50)),
        round(percentile(s.latencies, 99)),
        [...s.codes].map(([c, v]) => `${c} ${v}`).join(", ") || "-",
      ]),
      ["all", requests, all.reduce((a, s) => a + s.ok, 0), round(percentile(allLatencies, 50)), round(percentile(allLatencies, 99)), [...codeTotals].map(([c, v]) => `${c} ${v}`).join(", ") || "-"],
    ]),
  );
  console.log(`HTTP statuses: ${[...httpStatuses].sort(([a], [b]) => a - b).map(([s, v]) => `${s} ${v}`).join(", ")}`);
  console.log(`THROTTLED answers (4xx: the per-principal limits answer HTTP 429, the governor a 200 with the code; not failures): ${codeTotals.get("THROTTLED") ?? 0}, of them HTTP 429: ${httpStatuses.get(429) ?? 0}`);
  console.log(`Followed runs: ${followsCompleted} subscriptions ended with their run (${[...followTerminal].map(([s, v]) => `${s || "no event"} ${v}`).join(", ")}), ${followsCutAtEnd} cut by the end of the load`);

  console.log(`\nAWS calls during the load (/_emulator/calls): ${calls.total}, ${round(calls.total / (loadMs / 1000))}/s, ${round(calls.total / Math.max(1, requests), 1)} per request`);
  console.log(table([["operation", "calls", "per s"], ...Object.entries(calls.byOperation).sort(([, a], [, b]) => b - a).map(([op, v]) => [op, v, round(v / (loadMs / 1000), 1)])]));

  console.log("\nProcesses (RSS from /proc; CPU during the load)");
  console.log(
    table([
      ["process", "RSS before MB", "RSS after MB", "CPU s"],
      ...replicas.map((rep, i) => [`replica ${i}`, round(rssBefore[i].rssMb), round(rssAfter[i].rssMb), round((rssAfter[i].cpuMs - rssBefore[i].cpuMs) / 1000, 1)]),
      ["emulator", round(emulatorBefore.rssMb), round(emulatorAfter.rssMb), round((emulatorAfter.cpuMs - emulatorBefore.cpuMs) / 1000, 1)],
    ]),
  );

  const keyed = [...keys.values()];
  console.log(
    `\nIdempotency: ${keys.size} keys (${keyed.filter((k) => k.kind === "query").length} queries, ${keyed.filter((k) => k.kind === "job").length} jobs), ${keyed.reduce((a, k) => a + k.attempts, 0)} attempts; ` +
      `${answeredKeys} keys answered with a run, ${keysWithoutRun} started none (refused before starting); ${emulatorRuns.size} new runs in the emulator, ${unanswered} of them named by no answer`,
  );
  console.log(`  replicas' idempotency_total: ${idem.map((m, i) => `replica ${i} started ${m.started}, replayed ${m.replayed}`).join("; ")}`);
  console.log(`Audit stream ${DEFAULTS.audit.stream}: ${auditEvents} events from both replicas, for ${mutationsAnswered} mutations executed`);
  if (auditEvents !== mutationsAnswered) notes.push(`the audit stream holds ${auditEvents} events for ${mutationsAnswered} mutations executed (one each expected)`);
  console.log(`Observers on replica 1 (runStatusChanged on ${watched.length} memberships): ${returned.size - missedByObservers} of the ${returned.size} runs the clients got back seen, ${observerErrors} errors`);
  if (missedByObservers > 0) notes.push(`${missedByObservers} runs the clients got back never reached the observers on replica 1 within 15 s of the end`);
  logErrors.forEach((lines, i) => lines.length > 0 && notes.push(`replica ${i} logged ${lines.length} error lines; the first: ${lines[0].slice(0, 400)}`));

  console.log(`\nSettings that differ from the defaults (everything else is src/defaults.ts):\n${DIFFERENCES.map((d) => `  - ${d}`).join("\n")}`);
  if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `  - ${n}`).join("\n")}`);
  const checks = [
    ["every idempotency key started at most one run; every answered key exactly one; every returned id exists", failures.filter((f) => f.startsWith("key ") || f.startsWith("the emulator")).length === 0],
    ["no 5xx and no INTERNAL_SERVER_ERROR", serverErrors.length === 0],
  ] as const;
  console.log(`\nChecks:\n${checks.map(([what, ok]) => `  ${ok ? "PASS" : "FAIL"}  ${what}`).join("\n")}`);
  if (failures.length) console.log(`\nFailures (${failures.length}):\n${failures.slice(0, 20).map((f) => `  - ${f}`).join("\n")}`);
  console.log(`\n${round((performance.now() - startedAt) / 1000)} s in all`);
  return failures.length === 0 ? 0 : 1;
}

main()
  .then((code) => (process.exitCode = code))
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    // The replicas first (they release their Redis leases as they stop), then the emulator, then Redis.
    for (const c of children.reverse()) await c.stop();
  });
