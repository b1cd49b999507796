/**
 * Test support: gateway replicas as real processes. The gateway is compiled
 * once (tsc, incremental, into .tmp/replica-build: never the shared dist/)
 * and each replica is `node …/src/main.js --config FILE`, the production
 * entry point, forked with an IPC channel through which the test asks for
 * the replica's watch figures. Replicas share nothing but the emulator
 * they call and the Redis the configuration names. Each logs at debug level,
 * and what it printed is checked for leaks once it has closed (log-leaks.ts),
 * as an in-process test gateway's log is line by line.
 */
import { execFile, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { forkServing, gatewayEnv } from "../../bench/processes";
import { hashApiKey } from "../../src/auth/api-keys";
import { packageRoot } from "../../src/package-root";
import { Redis } from "ioredis";
import type { Client } from "graphql-ws";
import { federatedAccounts, startTestEmulator, type TestEmulator } from "../support/emulator";
import { OPERATOR_TOKEN } from "../support/gateway";
import { startTestRedis, type TestRedis } from "../support/redis";
import { check, registerSecret } from "../support/log-leaks";
import { checkLeaks, wsClient } from "./harness";

export interface WsStatsView {
  connections: number;
  subscriptions: number;
}

const ROOT = packageRoot();
export const BUILD_DIR = join(ROOT, ".tmp", "replica-build");
const MAIN = join(BUILD_DIR, "src", "main.js");

/** Compiles src/ (about 20 s the first time, a few when nothing changed). Type errors are the type check's business: what compiled runs. */
export async function buildGateway(): Promise<void> {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const args = ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", BUILD_DIR, "--incremental", "--tsBuildInfoFile", join(BUILD_DIR, "tsbuildinfo")];
  await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: ROOT, maxBuffer: 16 << 20 }).catch((e: { stdout?: string }) => {
    if (!existsSync(MAIN)) throw new Error(`the gateway did not compile: ${e.stdout ?? e}`);
  });
}

export interface ReplicaConfig {
  redisUrl: string;
  leaseTtlMs: number;
  minIntervalMs: number;
  maxIntervalMs: number;
}

/** A configuration file federating the emulator's accounts, with the operator's API key, the watch settings, and idempotency keys in the watch's Redis when asked. */
export function writeConfig(t: TestEmulator, watch: ReplicaConfig, o: { idempotencyInRedis?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "replicas-"));
  const file = join(dir, "gateway.json");
  const config = {
    server: { host: "127.0.0.1", port: 0 },
    aws: { cleanroomsEndpoint: t.url, stsEndpoint: t.url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
    accounts: federatedAccounts(t),
    auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "operator", grants: [{ accounts: ["*"], actions: ["read", "vote", "commit", "run"] }] }] },
    limits: { rateLimit: false },
    ...(o.idempotencyInRedis ? { idempotency: { redisUrl: watch.redisUrl } } : {}),
    watch,
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export interface WatchStatsView {
  replicaId: string;
  watches: number;
  subscribers: number;
  pollers: number;
  polls: number;
  firstReads: number;
  published: number;
  received: number;
}

export interface Replica {
  name: string;
  child: ChildProcess;
  url: string;
  wsUrl: string;
  stats(): Promise<{ watchStats: WatchStatsView; wsStats: WsStatsView }>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startReplica(name: string, configFile: string, t: TestEmulator): Promise<Replica> {
  registerSecret(OPERATOR_TOKEN); // the key every replica's configuration holds
  const { child, url, output } = await forkServing(MAIN, ["--config", configFile], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...gatewayEnv(t.scenario.gateway, t.scenario.region), LOG_LEVEL: "debug" },
  }).catch((e: unknown) => {
    throw new Error(`replica ${name}: ${(e as Error).message}`);
  });
  // 'close': the process has exited and its output has all arrived.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve(check(output()))));
  return {
    name,
    child,
    url,
    wsUrl: url.replace(/^http/, "ws"),
    stats: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`replica ${name} did not answer`)), 10_000);
        const onMessage = (m: unknown) => {
          const msg = m as { watchStats?: WatchStatsView; wsStats?: WsStatsView };
          if (!msg?.watchStats) return;
          clearTimeout(timer);
          child.off("message", onMessage);
          resolve({ watchStats: msg.watchStats, wsStats: msg.wsStats! });
        };
        child.on("message", onMessage);
        child.send("watch-stats");
      }),
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await closed; // its output checked
    },
  };
}

/** Two replicas of one configuration, sharing a redis-server and an emulator started for them, with what tests ask of them. */
export interface ReplicaPair {
  t: TestEmulator;
  redis: TestRedis;
  /** A client of the shared Redis, to look at leases. */
  admin: Redis;
  a: Replica;
  b: Replica;
  /** A graphql-ws client of the replica, disposed by `close`. */
  client(r: Replica): Client;
  /** An operation over HTTP as the operator; the answer is checked for leaks. */
  gql<T>(r: Replica, query: string, variables: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }>;
  watchOf(r: Replica): Promise<WatchStatsView>;
  /** Stops what is still running (a killed replica is left as it is). */
  close(): Promise<void>;
}

export async function startReplicaPair(watch: Omit<ReplicaConfig, "redisUrl">, o: { idempotencyInRedis?: boolean } = {}): Promise<ReplicaPair> {
  const [, t, redis] = await Promise.all([buildGateway(), startTestEmulator(), startTestRedis()]);
  const admin = new Redis(redis.url);
  const config = writeConfig(t, { ...watch, redisUrl: redis.url }, o);
  const [a, b] = await Promise.all([startReplica("a", config, t), startReplica("b", config, t)]);
  const clients: Client[] = [];
  return {
    t,
    redis,
    admin,
    a,
    b,
    client(r) {
      const c = wsClient(r.wsUrl, OPERATOR_TOKEN);
      clients.push(c);
      return c;
    },
    async gql<T>(r: Replica, query: string, variables: Record<string, unknown>) {
      const res = await fetch(r.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify({ query, variables }) });
      const text = await res.text();
      checkLeaks(text);
      return JSON.parse(text) as { data?: T; errors?: unknown[] };
    },
    watchOf: async (r) => (await r.stats()).watchStats,
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      await Promise.all([a.kill("SIGTERM"), b.kill("SIGTERM")]);
      await admin.quit();
      await redis.stop();
      await t.close();
    },
  };
}
