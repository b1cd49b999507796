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
import { subscribe, wsClient } from "../subscriptions/harness";

interface Family {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string> }[];
}

async function scrape(g: TestGateway, token: string | null): Promise<{ status: number; families?: Family[] }> {
  const res = await fetch(g.gateway.url.replace(/\/graphql$/, "/metrics"), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, families: res.status === 200 ? (parsePrometheusTextFormat(text) as Family[]) : undefined };
}

const sample = (families: Family[], name: string, labels: Record<string, string>): number | undefined => {
  const m = families.find((f) => f.name === name)?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return m?.value === undefined ? undefined : Number(m.value);
};

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
