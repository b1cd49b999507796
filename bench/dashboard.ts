/**
 * Wall time of the dashboard operation (schema/operations/dashboard.graphql)
 * over the demo scenario, without and with latency injected on every AWS
 * operation: with reads in parallel, the latency case costs about the depth
 * of the read dependency chain times the latency, not the number of calls
 * times it. Prints figures; asserts nothing about time (tests must not).
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/bench/dashboard.js [latencyMs] [runs]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/package-root";
import { startTestGateway, type TestGateway } from "../test/support/gateway";

const latencyMs = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);
const dashboard = readFileSync(join(packageRoot(), "schema", "operations", "dashboard.graphql"), "utf8");

async function once(g: TestGateway): Promise<{ ms: number; calls: number }> {
  await g.t.resetCalls();
  const start = performance.now();
  const res = await g.gql(dashboard);
  const ms = performance.now() - start;
  if (res.errors) throw new Error(`dashboard failed: ${JSON.stringify(res.errors)}`);
  return { ms, calls: (await g.t.calls()).total };
}

async function series(g: TestGateway, label: string): Promise<{ median: number; calls: number }> {
  const results: { ms: number; calls: number }[] = [];
  for (let i = 0; i < runs; i++) results.push(await once(g));
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const calls = [...new Set(results.map((r) => r.calls))];
  console.log(`${label.padEnd(28)} median ${median.toFixed(0).padStart(6)} ms  (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})  calls/run ${calls.join(",")}`);
  return { median, calls: calls[0] };
}

async function main(): Promise<void> {
  const g = await startTestGateway();
  try {
    // Credentials are cached across requests: warm them so that every run counts Clean Rooms reads only.
    await g.gql("{ accounts { status } }");
    await once(g); // first-use costs (schema paths, connections) out of the figures
    console.log(`dashboard over the demo scenario, ${runs} runs each`);
    const fast = await series(g, "no injected latency");
    await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "*", latencyMs }] });
    const slow = await series(g, `${latencyMs} ms on every call`);
    await g.t.control("POST", "/_emulator/faults", { rules: [] });
    const serial = slow.calls * latencyMs;
    console.log(`if the ${slow.calls} calls ran one after another: >= ${serial} ms of latency alone`);
    console.log(`measured added time: ${(slow.median - fast.median).toFixed(0)} ms = ${((slow.median - fast.median) / latencyMs).toFixed(2)} x latency (the read chain's depth)`);
  } finally {
    await g.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
