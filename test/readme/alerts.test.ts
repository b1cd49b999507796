/**
 * README's alerts ("Operating it", the `promql` block) name only metrics and
 * labels the gateway exports: each metric is checked against a live
 * /metrics, and each label against the series the gateway exported after
 * traffic that makes every named metric observe something (a query, a
 * mutation, and AWS throttling a governed account once).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { parseSamples, scrapeMetrics } from "../support/metrics";

const section = readFileSync(join(packageRoot(), "README.md"), "utf8").split(/^## Operating it$/m)[1]?.split(/^## /m)[0] ?? "";
/** The PromQL expressions: every non-comment line of the section's promql blocks. */
const expressions = [...section.matchAll(/```promql\n([\s\S]*?)```/g)].flatMap(([, block]) => block.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#")));

/** Series name → the label names its exported samples carry. */
function seriesLabels(text: string): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  for (const sample of parseSamples(text)) {
    const set = labels.get(sample.name) ?? new Set<string>();
    for (const label of Object.keys(sample.labels)) set.add(label);
    labels.set(sample.name, set);
  }
  return labels;
}

let g: TestGateway;
let text: string;
beforeAll(async () => {
  g = await startTestGateway({ aws: { governor: { callsPerSecond: 1_000, burst: 1_000, maxConcurrent: 8, maxWaitMs: 10_000 } } });
  // AWS throttles one read once: the gateway retries it and its governor slows down (a slowdown series).
  await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMemberships", accountId: demo.advertiser, throttleRate: 1, times: 1 }] });
  expect((await g.gql("query Probe { accounts { memberships { nodes { id } } } }")).errors).toBeUndefined();
  await g.gql(`mutation { approveChangeRequest(collaborationId: "${demo.retailMedia}", changeRequestId: "00000000-0000-4000-8000-000000000000") { id } }`);
  text = (await scrapeMetrics(g)).text;
});
afterAll(() => g?.close());

it("README has alert expressions to check", () => {
  expect(expressions.length).toBeGreaterThanOrEqual(4);
});

/** What is wrong with `expression` given the exposition `text`: metrics not exported, labels their series lack. */
function problems(expression: string, text: string): string[] {
  const found: string[] = [];
  const families = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name]) => name));
  const labels = seriesLabels(text);
  const selectors = [...expression.matchAll(/(cleanrooms_graph_\w+)(?:\{([^}]*)\})?/g)];
  if (selectors.length === 0) found.push("names no metric");
  const used = new Set<string>();
  for (const [, name, matchers] of selectors) {
    if (!families.has(name) && !families.has(name.replace(/_(bucket|count|sum)$/, ""))) found.push(`${name} is not exported`);
    const exported = labels.get(name);
    if (!exported) {
      found.push(`no ${name} series after the traffic`);
      continue;
    }
    for (const [, label] of (matchers ?? "").matchAll(/(\w+)\s*[=!]~?/g)) if (!exported.has(label)) found.push(`${name} has no label ${label}`);
    for (const label of exported) used.add(label);
  }
  // `by (...)` groups by labels of the series it aggregates.
  for (const [, list] of expression.matchAll(/\bby \(([^)]*)\)/g)) {
    for (const label of list.split(",").map((l) => l.trim())) if (!used.has(label)) found.push(`by (${label}): no such label`);
  }
  return found;
}

it("every metric an alert names is exported, with every label the alert uses", () => {
  for (const expression of expressions) expect(problems(expression, text), expression).toEqual([]);
});

it("the check finds a misnamed metric and labels the series lack", () => {
  expect(problems(`rate(cleanrooms_graph_operation_total[5m]) > 0`, text)).toContain("cleanrooms_graph_operation_total is not exported");
  expect(problems(`sum by (zone) (rate(cleanrooms_graph_aws_calls_total{status="ok"}[5m]))`, text)).toEqual(["cleanrooms_graph_aws_calls_total has no label status", "by (zone): no such label"]);
});
