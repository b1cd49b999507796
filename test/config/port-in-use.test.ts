/**
 * A port already in use stops the start with one line naming the port and the
 * setting that chooses another, and exit code 1 — not Node's EADDRINUSE
 * stack. Runs the production entry point (`node …/src/main.js`), compiled
 * once into .tmp/startup-build (its own folder: other suites compile into
 * theirs at the same time).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root";

const ROOT = packageRoot();
const BUILD_DIR = join(ROOT, ".tmp", "startup-build");
const MAIN = join(BUILD_DIR, "src", "main.js");

async function build(): Promise<void> {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const args = ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", BUILD_DIR, "--incremental", "--tsBuildInfoFile", join(BUILD_DIR, "tsbuildinfo")];
  // Type errors are the type check's business: what compiled runs.
  await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: ROOT, maxBuffer: 16 << 20 }).catch((e: { stdout?: string }) => {
    if (!existsSync(MAIN)) throw new Error(`the gateway did not compile: ${e.stdout ?? e}`);
  });
}

/** Runs the gateway to its end (it must not start), with only these variables set. */
async function start(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [MAIN, ...args], {
      cwd: ROOT,
      timeout: 30_000,
      env: { PATH: process.env.PATH, AWS_EC2_METADATA_DISABLED: "true", LOG_LEVEL: "warn", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number | null; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

let busy: Server;
let port: number;

beforeAll(async () => {
  await build();
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  port = (busy.address() as { port: number }).port;
}, 180_000);
afterAll(() => new Promise<void>((resolve) => (busy ? busy.close(() => resolve()) : resolve())));

describe("a port already in use", () => {
  it("demo mode, the gateway's port: names PORT", async () => {
    const r = await start([], { PORT: String(port), EMULATOR_PORT: "0" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`port ${port} on 127.0.0.1 is in use; stop what uses it or choose another with PORT=...\n`);
  });

  it("demo mode, the embedded emulator's port: names EMULATOR_PORT", async () => {
    const r = await start([], { EMULATOR_PORT: String(port), PORT: "0" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`port ${port} on 127.0.0.1 is in use; stop what uses it or choose another with EMULATOR_PORT=...\n`);
  });

  it("with a configuration file: names PORT and server.port in that file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "port-")), "gateway.yaml");
    writeFileSync(
      file,
      `server: { host: 127.0.0.1, port: ${port} }
accounts: [{ accountId: "111111111111", region: us-east-1, roleArn: "arn:aws:iam::111111111111:role/Gateway" }]
auth: { apiKeys: [{ sha256: "${"a".repeat(64)}", principal: ops, grants: [{ accounts: ["*"], actions: [read] }] }] }
`,
    );
    const r = await start(["--config", file], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`port ${port} on 127.0.0.1 is in use; stop what uses it or choose another with PORT=... or server.port in ${file}\n`);
  });
});
