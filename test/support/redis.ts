/**
 * Test support: a throwaway redis-server on a free port, nothing persisted
 * (--save "" --appendonly no), stopped by its own pid afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./ports";

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function waitReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e); // could not spawn, e.g. ENOENT
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${out}`));
    });
  });
}

export async function startTestRedis(): Promise<TestRedis> {
  // A port taken between the probe and the start makes redis exit: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      await waitReady(child);
    } catch (e) {
      child.kill("SIGKILL");
      // Not installed: say so now, not after retries and the hook timeout.
      if ((e as NodeJS.ErrnoException).code === "ENOENT")
        throw new Error("redis-server is not installed: `npm test` installs it when run as root, or run `apt-get install redis-server`", { cause: e });
      if (attempt >= 3) throw e;
      continue;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    };
  }
}
