/**
 * The processes a benchmark measures, each on its own so that its CPU and
 * memory are its own: the emulator (`src/emulator/main.ts`, with
 * EMULATOR_SCENARIO=generate:...), the gateway (`src/main.ts --config FILE`,
 * the production entry point, as test/subscriptions/replicas.ts starts it),
 * and a bare Apollo Server (bench/bare-apollo.ts). All compiled by
 * `tsc -p bench/tsconfig.json` into dist/bench.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashApiKey } from "../src/auth/api-keys";
import { DEFAULTS } from "../src/defaults";
import { packageRoot } from "../src/package-root";
import type { ScenarioView } from "./direct";

/** dist/bench/bench: this file's folder once compiled. */
const HERE = __dirname;
const DIST = join(HERE, "..");
export const OPERATOR_TOKEN = "bench-operator-token-5e2a7c91";

export interface Child {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The node flags `npm start` runs the gateway with (package.json's start script: a young generation of 32 MB, which
 * cuts the garbage collector's share of a dashboard), so that the bench and the load test measure it as it runs.
 */
export function gatewayNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { scripts: { start: string } }).scripts;
  return scripts.start.split(/\s+/).filter((t) => t.startsWith("--"));
}

/**
 * Forks a compiled module and waits for the line announcing its URL (the first group of `ready`); rejects, with what
 * the process printed, when it exits first or says nothing within 60 s. The bench, the load test and the replica tests
 * start their processes through it.
 */
export async function forkServing(module: string, args: string[], options: { env: NodeJS.ProcessEnv; execArgv?: string[]; cwd?: string; ready?: RegExp }): Promise<Child> {
  const { env, execArgv = [], cwd, ready = /serving (http:\/\/\S+)/ } = options;
  const child = fork(module, args, { stdio: ["ignore", "pipe", "pipe", "ipc"], env, execArgv, cwd });
  let output = "";
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL"); // a process that never said where it serves is of no use, and must not outlive the caller
      reject(new Error(`${module} did not start within 60 s: ${output}`));
    }, 60_000);
    child.stdout!.on("data", (b: Buffer) => {
      output += b.toString();
      const m = ready.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${module} exited with ${code}: ${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The regions the emulator serves, its own first (an older emulator that does not list them: its one region). */
export const servedRegions = (scenario: ScenarioView): string[] => (scenario.regions?.length ? scenario.regions : [scenario.region]);

const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, NODE_ENV: "production" });

/**
 * A gateway process's AWS environment: its own identity, through the standard credential chain, is `user` (a
 * scenario's gateway user) and nothing else: no AWS config or credentials file, no instance metadata.
 */
export const gatewayEnv = (user: { accessKeyId: string; secretAccessKey: string }, region: string): NodeJS.ProcessEnv => ({
  AWS_ACCESS_KEY_ID: user.accessKeyId,
  AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
  AWS_REGION: region,
  AWS_CONFIG_FILE: join(tmpdir(), "cleanrooms-graph-no-aws-config"),
  AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "cleanrooms-graph-no-aws-credentials"),
  AWS_EC2_METADATA_DISABLED: "true",
  LOG_LEVEL: "warn",
});

/**
 * The emulator's EMULATOR_SCENARIO for a generated scenario; with several regions, collaborations are spread over
 * them (src/emulator/scenario-generator.ts) and the emulator serves each of them.
 */
export function generatorSource(accounts: number, seed: number, regions: readonly string[] = []): string {
  return `generate:accounts=${accounts},seed=${seed}${regions.length > 1 ? `,regions=${regions.join(",")}` : ""}`;
}

export async function startEmulatorProcess(scenario: string): Promise<Child & { scenario: ScenarioView; control<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> }> {
  const c = await forkServing(join(DIST, "src", "emulator", "main.js"), [], { env: { ...baseEnv(), EMULATOR_PORT: "0", EMULATOR_SCENARIO: scenario }, ready: /listening on (http:\/\/\S+)/ });
  const control = async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${c.url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { ...c, scenario: await control<ScenarioView>("GET", "/_emulator/scenario"), control };
}

export interface GatewaySettings {
  /** aws.governor; the gateway's defaults when left out. */
  governor?: { callsPerSecond?: number; burst?: number; maxConcurrent?: number; maxWaitMs?: number };
  watch?: Record<string, number>;
  /** limits, over { rateLimit: false } (the bench is one principal doing the work of many). */
  limits?: Record<string, unknown>;
  /** node flags for the gateway (--cpu-prof ...). */
  execArgv?: string[];
}

/**
 * The configuration file federating the scenario's federated accounts through the emulator, with one operator key.
 * Each account is configured with every region the emulator serves (`regions`, the scenario's own first): the gateway
 * has one Clean Rooms client per account and region, and reads each account's lists in all of them.
 */
export function writeGatewayConfig(emulatorUrl: string, scenario: ScenarioView, settings: GatewaySettings): string {
  const file = join(mkdtempSync(join(tmpdir(), "bench-gateway-")), "gateway.json");
  const config = {
    // Every client of the bench comes from 127.0.0.1 and stands for many users (1,000 subscribers): no per-address door.
    server: { host: "127.0.0.1", port: 0, webSocketHandshakes: { rateLimit: false, maxPendingPerAddress: false } },
    aws: { cleanroomsEndpoint: emulatorUrl, stsEndpoint: emulatorUrl, ...(settings.governor ? { governor: settings.governor } : {}) },
    accounts: scenario.accounts
      .filter((a) => a.federated)
      .map((a) => ({ accountId: a.accountId, alias: a.alias, regions: servedRegions(scenario), roleArn: a.roleArn, ...(a.externalId ? { externalId: a.externalId } : {}) })),
    auth: { apiKeys: [{ sha256: hashApiKey(OPERATOR_TOKEN), principal: "bench", grants: [{ accounts: ["*"], actions: ["read", "vote", "commit", "run"] }] }] },
    limits: { rateLimit: false, ...principalAwsRate(), ...settings.limits },
    ...(settings.watch ? { watch: settings.watch } : {}),
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * The per-principal bucket of AWS calls (limits.awsCallRate), where this gateway has one, is off: the bench is one
 * principal replaying the dashboard back to back, which that bucket exists to stop. Every other guard stays.
 */
function principalAwsRate(): Record<string, unknown> {
  return "awsCallRate" in DEFAULTS.limits ? { awsCallRate: false } : {};
}

export type GatewayProcess = Child & {
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }>;
  stats(): Promise<{ watchStats: Record<string, number>; wsStats: Record<string, number> }>;
};

export async function startGatewayProcess(emulatorUrl: string, scenario: ScenarioView, settings: GatewaySettings = {}): Promise<GatewayProcess> {
  const config = writeGatewayConfig(emulatorUrl, scenario, settings);
  const c = await forkServing(join(DIST, "src", "main.js"), ["--config", config], {
    env: { ...baseEnv(), ...gatewayEnv(scenario.gateway, scenario.region) },
    execArgv: [...gatewayNodeFlags(), ...(settings.execArgv ?? [])],
  });
  return {
    ...c,
    async gql<T>(query: string, variables?: Record<string, unknown>) {
      const res = await fetch(c.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR_TOKEN}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data?: T; errors?: unknown[] };
    },
    stats: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the gateway did not answer watch-stats")), 10_000);
        const onMessage = (m: unknown) => {
          const msg = m as { watchStats?: Record<string, number>; wsStats?: Record<string, number> };
          if (!msg?.watchStats) return;
          clearTimeout(timer);
          c.child.off("message", onMessage);
          resolve({ watchStats: msg.watchStats, wsStats: msg.wsStats ?? {} });
        };
        c.child.on("message", onMessage);
        c.child.send("watch-stats");
      }),
  };
}

export async function startBareApollo(): Promise<Child> {
  return forkServing(join(HERE, "bare-apollo.js"), [], { env: baseEnv() });
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** A process's CPU time so far (user + system, ms) and resident memory (MB), from /proc (Linux). */
export function usage(pid: number): { cpuMs: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return { cpuMs, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}
