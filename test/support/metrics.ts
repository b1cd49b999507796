/**
 * Test support: GET /metrics read as Prometheus's text format, one sample per line (`name{labels} value`). Histograms
 * come as their `_bucket`, `_sum` and `_count` samples, which parse-prometheus-text-format merges and strips of
 * their labels when a histogram has labels.
 */
import { expect } from "vitest";
import type { TestGateway } from "./gateway";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? "").matchAll(LABEL)].map(([, k, v]) => [k, v.replace(/\\(.)/g, "$1")]));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The gateway's metrics, as the operator's token reads them; `value` is the first sample with these labels (among others). */
export async function scrapeMetrics(g: TestGateway) {
  const res = await fetch(g.gateway.url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${g.token}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  const samples = parseSamples(text);
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return {
    /** The exposition as served (its `# TYPE` and `# HELP` lines included). */
    text,
    samples,
    value: (name: string, labels: Record<string, string> = {}): number | undefined => matching(name, labels)[0]?.value,
    /** The sum over every sample with these labels. */
    total: (name: string, labels: Record<string, string> = {}): number => matching(name, labels).reduce((n, s) => n + s.value, 0),
  };
}
