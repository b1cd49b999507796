/**
 * Test support: gateway replicas as real processes. The gateway is compiled
 * once (tsc, incremental, into .tmp/replica-build: never the shared dist/)
 * and each replica is `node …/src/main.js --config FILE`, the production
 * entry point, forked with an IPC channel through which the test asks for
 * the replica's watch figures. Replicas share nothing but the emulator
 * they call and the Redis the configuration names.
 */
import { execFile, fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { hashApiKey } from "../../src/auth/api-keys";
import { packageRoot } from "../../src/package-root";
import { federatedAccounts, type TestEmulator } from "../support/emulator";
import { OPERATOR_TOKEN } from "../support/gateway";

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

/** A configuration file federating the emulator's accounts, with the operator's API key and the watch settings. */
export function writeConfig(t: TestEmulator, watch: ReplicaConfig): string {
  const dir = mkdtempSync(join(tmpdir(), "replicas-"));
  const file = join(dir, "gateway.json");
  const config = {
    server: { host: "127.0.0.1", port: 0 },
    aws: { cleanroomsEndpoint: t.url, stsEndpoint: t.url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
    accounts: federatedAccounts(t),
    auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "operator", grants: [{ accounts: ["*"], actions: ["read", "vote", "commit", "run"] }] }] },
    limits: { rateLimit: false },
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
  const child = fork(MAIN, ["--config", configFile], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: {
      PATH: process.env.PATH,
      // The gateway's own identity, through the standard credential chain: the scenario's gateway user, nothing else.
      AWS_ACCESS_KEY_ID: t.scenario.gateway.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.scenario.gateway.secretAccessKey,
      AWS_REGION: t.scenario.region,
      AWS_CONFIG_FILE: join(BUILD_DIR, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(BUILD_DIR, "no-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      LOG_LEVEL: "warn",
    },
  });
  let output = "";
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${name} did not start: ${output}`)), 60_000);
    child.stdout!.on("data", (b: Buffer) => {
      output += b.toString();
      const m = /serving (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`replica ${name} exited with ${code}: ${output}`));
    });
  });
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
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
