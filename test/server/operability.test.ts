/**
 * What an SRE runs the gateway by: /readyz (ready only once every account's
 * state is known and one can be acted as), /metrics in Prometheus's text
 * format (parsed here with a Prometheus text parser, as a scraper would),
 * and a correlation id per request, taken from traceparent / x-request-id or
 * made, returned in x-request-id and carried by every log line of the
 * request.
 */
import { createHash } from "node:crypto";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLog } from "../support/log-capture";
import { demo } from "../support/emulator";
import { OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";
import { world } from "../graph/demo-world";
import { eventually, subscribe, wsClient } from "../subscriptions/harness";

interface Family {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string> }[];
}

async function scrape(g: TestGateway, token: string | null): Promise<{ status: number; families?: Family[]; text: string }> {
  const res = await fetch(g.gateway.url.replace(/\/graphql$/, "/metrics"), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, families: res.status === 200 ? (parsePrometheusTextFormat(text) as Family[]) : undefined, text };
}

const sample = (families: Family[], name: string, labels: Record<string, string>): number | undefined => {
  const m = families.find((f) => f.name === name)?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return m?.value === undefined ? undefined : Number(m.value);
};

/**
 * A histogram's observation count, summed over the series whose labels include `labels`, read from the `_count`
 * lines of the text: the parser above folds a labelled histogram's series into one and drops their counts.
 */
const observations = (text: string, name: string, labels: Record<string, string>): number => {
  let total = 0;
  for (const [, body, value] of text.matchAll(new RegExp(`^${name}_count\\{([^}]*)\\} (\\S+)$`, "gm"))) {
    const series = Object.fromEntries([...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([k, v]) => series[k] === v)) total += Number(value);
  }
  return total;
};

/** Scrapes until `probe` holds (a gauge follows live state: its value changes when that does, not on a timer). */
async function scrapeUntil(g: TestGateway, probe: (families: Family[]) => boolean, what: string): Promise<Family[]> {
  let last: Family[] = [];
  await eventually(async () => {
    last = (await scrape(g, OPERATOR_TOKEN)).families!;
    return probe(last) ? true : undefined;
  }, 10_000, what);
  return last;
}

const readyz = async (g: TestGateway) => {
  const res = await fetch(g.gateway.url.replace(/\/graphql$/, "/readyz"));
  return { status: res.status, body: (await res.json()) as { status: string; reasons?: string[]; unavailableAccounts: { accountId: string; reason?: string }[] } };
};

describe("/readyz", () => {
  it("503 while an account's state is unknown; 200 once all are known and one can be acted as", async () => {
    const g = await startTestGateway();
    try {
      const before = await readyz(g);
      expect(before.status).toBe(503);
      expect(before.body.status).toBe("not ready");
      expect(before.body.reasons?.[0]).toContain("not yet tried");
      // Reading through every account makes each one's state known.
      expect((await g.gql("{ accounts { status } }")).errors).toBeUndefined();
      expect(await readyz(g)).toEqual({ status: 200, body: { status: "ready", unavailableAccounts: [] } });
    } finally {
      await g.close();
    }
  });

  it("names an unavailable account by its id and AWS's code only; 503 when none can be acted as", async () => {
    const one = await startTestGateway({ accounts: (as) => as.map((a) => (a.accountId === demo.analytics ? { ...a, externalId: "wrong" } : a)) });
    const none = await startTestGateway({ sharedEmulator: one.t, accounts: (as) => as.map((a) => ({ ...a, roleArn: a.roleArn.replace(/role\/.*$/, "role/NoSuchRole") })) });
    try {
      await one.gql("{ accounts { status } }");
      const partly = await readyz(one);
      expect(partly.status).toBe(200);
      expect(partly.body.unavailableAccounts).toEqual([{ accountId: demo.analytics, reason: "AccessDenied" }]);
      await none.gql("{ accounts { status } }");
      const down = await readyz(none);
      expect(down.status).toBe(503);
      expect(down.body.reasons).toEqual(["no account's credentials could be obtained"]);
      expect(JSON.stringify(down.body)).not.toMatch(/arn:|role/i);
    } finally {
      await none.close();
      await one.close();
    }
  });
});

describe("/metrics", () => {
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway()));
  afterAll(() => g?.close());

  it("needs a token: 401 without one", async () => {
    expect((await scrape(g, null)).status).toBe(401);
    expect((await scrape(g, "not-a-token")).status).toBe(401);
  });

  it("counts operations, AWS calls by account and operation, loader hits, WebSockets, and estimate refusals", async () => {
    const query = `query MetricsProbe { accounts { accountId memberships { nodes { id collaboration { id } } } } }`;
    await g.t.resetCalls();
    expect((await g.gql(query)).errors).toBeUndefined();
    const { byAccount } = await g.t.calls();
    const amplify = `{ accounts { memberships(first: 100) { nodes { ${Array.from({ length: 20 }, (_, i) => `q${i}: protectedQueries(first: ${i + 1}) { nodes { id } }`).join(" ")} } } } }`;
    expect((await g.gql(amplify)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const client = wsClient(g.gateway.url.replace(/^http/, "ws"), OPERATOR_TOKEN, { lazy: false });
    const sub = subscribe(client, `subscription { protectedQueryStatusChanged(membershipId: "${demo.m11}", id: "cccccccc-0000-4000-8000-000000000000") { id } }`);
    try {
      await sub.ended().catch(() => undefined); // an unknown run: refused, but the socket stays open
      const { status, families } = await scrape(g, OPERATOR_TOKEN);
      expect(status).toBe(200);
      expect(sample(families!, "cleanrooms_graph_operations_total", { operation: "MetricsProbe", type: "query", outcome: "ok" })).toBe(1);
      for (const [account, ops] of Object.entries(byAccount)) {
        for (const [operation, n] of Object.entries(ops)) {
          if (operation === "AssumeRole") continue;
          expect(sample(families!, "cleanrooms_graph_aws_calls_total", { account, operation, outcome: "ok" }), `${account} ${operation}`).toBeGreaterThanOrEqual(n);
        }
      }
      expect(sample(families!, "cleanrooms_graph_aws_call_budget_refusals_total", { budget: "estimate" })).toBe(1);
      expect(sample(families!, "cleanrooms_graph_loader_loads_total", { result: "miss" })).toBeGreaterThan(0);
      expect(sample(families!, "cleanrooms_graph_websockets", {})).toBe(1);
      expect(families!.find((f) => f.name === "cleanrooms_graph_operation_duration_seconds")?.type).toBe("HISTOGRAM");
      expect(sample(families!, "cleanrooms_graph_credential_refreshes_total", { account: demo.advertiser, outcome: "ok" })).toBeGreaterThanOrEqual(1);
    } finally {
      await client.dispose();
    }
  });

  it("times every AWS call: the duration histogram has an observation for each call the emulator saw", async () => {
    const before = (await scrape(g, OPERATOR_TOKEN)).text;
    await g.t.resetCalls();
    expect((await g.gql(`{ accounts { accountId memberships { nodes { id } } } }`)).errors).toBeUndefined();
    const { byAccount } = await g.t.calls();
    const scraped = await scrape(g, OPERATOR_TOKEN);
    const after = scraped.text;
    expect(scraped.families!.find((f) => f.name === "cleanrooms_graph_aws_call_duration_seconds")?.type).toBe("HISTOGRAM");
    let calls = 0;
    for (const [account, ops] of Object.entries(byAccount)) {
      for (const [operation, n] of Object.entries(ops)) {
        if (operation === "AssumeRole") continue;
        const labels = { account, operation };
        const seen = observations(after, "cleanrooms_graph_aws_call_duration_seconds", labels) - observations(before, "cleanrooms_graph_aws_call_duration_seconds", labels);
        expect(seen, `${account} ${operation}`).toBe(n);
        calls += n;
      }
    }
    expect(calls).toBeGreaterThan(0);
  });

  it("counts loader hits where a query reads the same list twice, and misses for the first reads", async () => {
    const counts = async () => {
      const f = (await scrape(g, OPERATOR_TOKEN)).families!;
      return { hit: sample(f, "cleanrooms_graph_loader_loads_total", { result: "hit" }) ?? 0, miss: sample(f, "cleanrooms_graph_loader_loads_total", { result: "miss" }) ?? 0 };
    };
    const before = await counts();
    // Two aliases of one list per account: the second of each is answered by the operation's own read.
    const res = await g.gql<{ accounts: unknown[] }>(`{ accounts { a: memberships { nodes { id } } b: memberships { nodes { id } } } }`);
    expect(res.errors).toBeUndefined();
    const accounts = g.accounts.length;
    const after = await counts();
    expect(after.hit - before.hit).toBeGreaterThanOrEqual(accounts);
    expect(after.miss - before.miss).toBeGreaterThanOrEqual(accounts);
  });

  it("counts an idempotent start once as started and its repeat once as replayed", async () => {
    const counts = async () => {
      const f = (await scrape(g, OPERATOR_TOKEN)).families!;
      return { started: sample(f, "cleanrooms_graph_idempotency_total", { result: "started" }) ?? 0, replayed: sample(f, "cleanrooms_graph_idempotency_total", { result: "replayed" }) ?? 0 };
    };
    const before = await counts();
    const start = `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`;
    const input = {
      membershipId: demo.m11,
      sqlParameters: { queryString: "SELECT COUNT(*) FROM exposures" },
      output: { member: { accountId: demo.advertiser } },
      payerAccountId: demo.publisher,
      idempotencyKey: `metrics-${Date.now()}`,
    };
    const first = await g.gql<{ startProtectedQuery: { id: string } }>(start, { input });
    const again = await g.gql<{ startProtectedQuery: { id: string } }>(start, { input });
    expect(first.errors).toBeUndefined();
    expect(again.data?.startProtectedQuery.id).toBe(first.data!.startProtectedQuery.id);
    const after = await counts();
    expect({ started: after.started - before.started, replayed: after.replayed - before.replayed }).toEqual({ started: 1, replayed: 1 });
  });

  it("shows an open subscription and its poller while it is open, and 0 once it is closed", async () => {
    const running = world.protectedQueries.find((r) => r.membershipId === demo.m11 && r.status === "STARTED")!;
    const client = wsClient(g.gateway.url.replace(/^http/, "ws"), OPERATOR_TOKEN, { lazy: false });
    try {
      const sub = subscribe(client, `subscription { protectedQueryStatusChanged(membershipId: "${demo.m11}", id: "${running.id}") { id status } }`);
      await sub.next(10_000);
      const open = await scrapeUntil(g, (f) => (sample(f, "cleanrooms_graph_subscriptions", {}) ?? 0) >= 1 && (sample(f, "cleanrooms_graph_pollers", {}) ?? 0) >= 1, "an open subscription and its poller");
      expect(sample(open, "cleanrooms_graph_websockets", {})).toBeGreaterThanOrEqual(1);
    } finally {
      await client.dispose();
    }
    await scrapeUntil(
      g,
      (f) => sample(f, "cleanrooms_graph_subscriptions", {}) === 0 && sample(f, "cleanrooms_graph_pollers", {}) === 0 && sample(f, "cleanrooms_graph_websockets", {}) === 0,
      "no subscription, poller or socket left",
    );
  });

  it("counts AssumeRole failures for the account whose role cannot be assumed, and for no other", async () => {
    const bad = demo.analytics;
    const wrong = await startTestGateway({ sharedEmulator: g.t, accounts: (as) => as.map((a) => (a.accountId === bad ? { ...a, externalId: "wrong" } : a)) });
    try {
      await wrong.gql("{ accounts { status } }");
      const f = (await scrape(wrong, OPERATOR_TOKEN)).families!;
      expect(sample(f, "cleanrooms_graph_credential_refreshes_total", { account: bad, outcome: "failed" })).toBeGreaterThanOrEqual(1);
      expect(sample(f, "cleanrooms_graph_credential_refreshes_total", { account: bad, outcome: "ok" })).toBeUndefined();
      for (const { accountId } of wrong.accounts.filter((a) => a.accountId !== bad)) {
        expect(sample(f, "cleanrooms_graph_credential_refreshes_total", { account: accountId, outcome: "failed" }), accountId).toBeUndefined();
        expect(sample(f, "cleanrooms_graph_credential_refreshes_total", { account: accountId, outcome: "ok" }), accountId).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await wrong.close();
    }
  });

  it("shows the governor's calls in flight and waiting while an account's calls are held up", async () => {
    // One call at a time per account: the second of two lists of the slowed account waits behind the first, whose
    // answer takes long enough (and is let take it: callTimeoutMs) that the scrapes cannot miss the state.
    const SLOW_MS = 8_000;
    const governed = await startTestGateway({
      sharedEmulator: g.t,
      aws: { governor: { callsPerSecond: 1_000, burst: 1_000, maxConcurrent: 1, maxWaitMs: 30_000 }, callTimeoutMs: 30_000 },
    });
    const slow = demo.advertiser;
    try {
      const region = governed.accounts.find((a) => a.accountId === slow)!.region!;
      const labels = { account: slow, region };
      // Only the first call is slow: the one in flight while the other waits.
      await g.t.control("POST", "/_emulator/faults", { rules: [{ operation: "ListMemberships", accountId: slow, latencyMs: SLOW_MS, times: 1 }] });
      const answer = governed.gql(`{ accounts { a: memberships(status: ACTIVE) { nodes { id } } b: memberships { nodes { id } } } }`);
      await scrapeUntil(
        governed,
        (f) => sample(f, "cleanrooms_graph_governor_in_flight", labels) === 1 && sample(f, "cleanrooms_graph_governor_waiting", labels) === 1,
        "one call in flight and one waiting",
      );
      expect((await answer).errors).toBeUndefined(); // after the slow call's SLOW_MS: nothing ends it sooner
      const idle = (await scrape(governed, OPERATOR_TOKEN)).families!;
      expect(sample(idle, "cleanrooms_graph_governor_in_flight", labels)).toBe(0);
      expect(sample(idle, "cleanrooms_graph_governor_waiting", labels)).toBe(0);
    } finally {
      await g.t.control("POST", "/_emulator/faults", { rules: [] });
      await governed.close();
    }
  }, 40_000);

  it("with metrics.tokenSha256, only the scraper's own token reads them", async () => {
    const scraper = "prometheus-scraper-token-7c1d";
    const own = await startTestGateway({ sharedEmulator: g.t, metricsTokenSha256: createHash("sha256").update(scraper).digest("hex") });
    try {
      expect((await scrape(own, OPERATOR_TOKEN)).status).toBe(401);
      expect((await scrape(own, scraper)).status).toBe(200);
    } finally {
      await own.close();
    }
  });
});

describe("correlation ids", () => {
  const { logger, lines } = captureLog("debug");
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway({ logger })));
  afterAll(() => g?.close());

  it("takes traceparent's trace id, else a well-formed x-request-id, else makes one; returns it in x-request-id", async () => {
    const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const withTrace = await g.post({ query: "{ __typename }" }, { headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01`, "x-request-id": "ignored-when-traced" } });
    expect(withTrace.headers.get("x-request-id")).toBe(trace);
    const withId = await g.post({ query: "{ __typename }" }, { headers: { "x-request-id": "frontend-42.abc" } });
    expect(withId.headers.get("x-request-id")).toBe("frontend-42.abc");
    const hostile = await g.post({ query: "{ __typename }" }, { headers: { "x-request-id": "a b\u0007c".replace("\u0007", "%07") } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const none = await g.post({ query: "{ __typename }" });
    expect(none.headers.get("x-request-id")).not.toBe(hostile.headers.get("x-request-id"));
  });

  it("every log line a request writes carries its id", async () => {
    const refused = await g.post({ query: "{ __typename }" }, { token: "not-a-known-token", headers: { "x-request-id": "audit-me-1" } });
    expect(refused.status).toBe(401);
    const mine = lines.filter((l) => l.requestId === "audit-me-1");
    expect(mine.map((l) => l.msg)).toContain("unauthenticated request");
    expect(lines.filter((l) => l.msg === "unauthenticated request" && l.requestId === undefined)).toEqual([]);

    // A mutation's audit line, refused or not, names the request at the top, where log search looks.
    const vote = await g.post(
      { query: `mutation($c: ID!, $r: ID!) { approveChangeRequest(collaborationId: $c, changeRequestId: $r) { id } }`, variables: { c: demo.retailMedia, r: "00000000-0000-4000-8000-000000000000" } },
      { headers: { "x-request-id": "audit-me-2" } },
    );
    expect(vote.status).toBe(200);
    expect(lines.filter((l) => l.requestId === "audit-me-2").map((l) => l.msg)).toEqual([expect.stringMatching(/^audit: approveChangeRequest /)]);
  });
});
