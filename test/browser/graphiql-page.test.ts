/**
 * GraphiQL without a browser: the example operations against the served
 * schema (the contract and what it gained, such as the ids caches key by)
 * and the demo world, the page's escaping, and how GET /graphql is shared
 * with Apollo. test/browser/graphiql.test.ts drives the page in Chromium.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, getVariableValues, parse, print, validate, type OperationDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../src/emulator/scenarios/demo.json";
import { graphiqlClientConfig, graphiqlPage, type PageAssets } from "../../src/server/graphiql/page";
import { PRESETS, type Preset } from "../../src/server/graphiql/presets";
import { OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";

const root = join(__dirname, "../..");
const served = buildSchema(readFileSync(join(root, "schema/schema.graphql"), "utf8"));

function operationOf(preset: Preset): OperationDefinitionNode {
  const ops = parse(preset.query).definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  expect(ops).toHaveLength(1);
  return ops[0]!;
}
const byName = (name: string) => {
  const p = PRESETS.find((p) => operationOf(p).name?.value === name);
  if (!p) throw new Error(`no preset ${name}`);
  return { preset: p, vars: JSON.parse(p.variables ?? "{}") as Record<string, any> };
};

describe("example operations", () => {
  it("are the dashboard, the change-request story, a run with its payer and its status, in that order, then the others by file name", () => {
    expect(PRESETS.map((p) => `${operationOf(p).operation} ${operationOf(p).name?.value}`)).toEqual([
      "query Dashboard",
      "mutation CreateChangeRequest",
      "mutation ApproveChangeRequest",
      "mutation CommitChangeRequest",
      "mutation StartQueryWithPayer",
      "subscription QueryStatus",
      "subscription ChangeRequestActivity",
      "query CollaborationActivity",
      "query CollaborationSpend",
      "query MembershipActivity",
      "subscription MembershipRunActivity",
      "query PendingApprovals",
      "subscription RunActivity",
    ]);
  });

  it("tells the change-request story in one collaboration whose creator and voters are all federated", () => {
    const create = byName("CreateChangeRequest").vars.input;
    const approve = byName("ApproveChangeRequest").vars;
    const commit = byName("CommitChangeRequest").vars;
    expect(new Set([create.collaborationId, approve.collaborationId, commit.collaborationId]).size).toBe(1);
    expect(commit.changeRequestId).toBe(approve.changeRequestId);
    const collab = demo.collaborations.find((c) => c.id === create.collaborationId)!;
    const federated = (id: string) => demo.accounts.find((a) => a.accountId === id)?.federated === true;
    expect(federated(collab.creatorAccountId)).toBe(true);
    // Every member who votes (every ACTIVE member) is federated, so no vote has to come from outside the gateway.
    expect(collab.members.filter((m) => m.status === "ACTIVE").every((m) => federated(m.accountId))).toBe(true);
    // The pending request's only open vote is the approver's.
    const cr = collab.changeRequests.find((r) => r.id === approve.changeRequestId)!;
    expect(Object.entries(cr.approvals as Record<string, string>).filter(([, v]) => v === "PENDING")).toEqual([[approve.asAccountId, "PENDING"]]);
  });

  it.each(PRESETS.map((p) => [operationOf(p).name?.value, p] as const))("%s is valid against the served schema, and so are its variables", (_name, preset) => {
    const doc = parse(preset.query);
    expect(validate(served, doc).map((e) => e.message)).toEqual([]);
    const coerced = getVariableValues(served, operationOf(preset).variableDefinitions ?? [], JSON.parse(preset.variables ?? "{}"));
    expect("errors" in coerced ? coerced.errors?.map((e) => e.message) : []).toEqual([]);
  });

  it("offers every operation of schema/operations, each as written there", () => {
    const dir = join(root, "schema", "operations");
    const files = readdirSync(dir).filter((f) => f.endsWith(".graphql"));
    expect(PRESETS.length).toBe(files.length);
    for (const f of files) {
      const doc = parse(readFileSync(join(dir, f), "utf8"));
      expect(PRESETS.some((p) => print(parse(p.query)) === print(doc)), f).toBe(true);
    }
  });

  it("approves a change request that is pending with the approver's vote still open", () => {
    const { vars } = byName("ApproveChangeRequest");
    const collab = demo.collaborations.find((c) => c.id === vars.collaborationId)!;
    const cr = collab.changeRequests.find((r) => r.id === vars.changeRequestId)!;
    expect(cr.status).toBe("PENDING");
    expect((cr.approvals as Record<string, string>)[vars.asAccountId]).toBe("PENDING");
    expect(demo.accounts.find((a) => a.accountId === vars.asAccountId)?.federated).toBe(true);
  });

  it("starts a query from a member who can query, naming a payer candidate other than the default", () => {
    const { input } = byName("StartQueryWithPayer").vars;
    const collab = demo.collaborations.find((c) => c.members.some((m) => m.membershipId === input.membershipId))!;
    const querier = collab.members.find((m) => m.membershipId === input.membershipId)!;
    expect(querier.abilities).toContain("CAN_QUERY");
    const candidates = collab.members.filter((m) => m.paymentConfiguration.queryCompute.isResponsible).map((m) => m.accountId);
    expect(candidates.length).toBeGreaterThan(1); // so naming the payer matters
    expect(candidates).toContain(input.payerAccountId);
    expect(input.payerAccountId).not.toBe(querier.accountId);
    const receiver = collab.members.find((m) => m.accountId === input.output.member.accountId)!;
    expect(receiver.abilities).toContain("CAN_RECEIVE_RESULTS");
  });

  it("follows a protected query that has not reached a terminal status", () => {
    const { vars } = byName("QueryStatus");
    const q = demo.protectedQueries.find((q) => q.id === vars.id && q.membershipId === vars.membershipId)!;
    expect(["SUBMITTED", "STARTED"]).toContain(q.status);
  });
});

describe("the page", () => {
  const assets: PageAssets = {
    base: "/graphql/assets",
    script: "graphiql-AAAA.js",
    stylesheet: "graphiql-BBBB.css",
    workers: { editor: "editor.worker-C.js", json: "json.worker-D.js", graphql: "graphql.worker-E.js" },
  };

  it("embeds its configuration so that no operation text can close the script element", () => {
    const hostile = { query: "query X { a } # </script><script>alert(1)</script> <!--" };
    const html = graphiqlPage(graphiqlClientConfig("/graphql", assets, { presets: [hostile] }), assets);
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the config's and the bundle's own
    expect(html).not.toContain("<!--");
    const json = html.match(/<script id="graphiql-config" type="application\/json">(.*?)<\/script>/s)![1]!;
    expect(JSON.parse(json).tabs[0].query).toBe(hostile.query);
  });

  it("fills every tab's headers when given default headers, and keeps them across reloads only then", () => {
    const plain = graphiqlClientConfig("/graphql", assets);
    expect(plain.tabs.map((t) => t.headers)).toEqual(PRESETS.map(() => undefined));
    expect(plain.persistHeaders).toBe(false);
    const demoMode = graphiqlClientConfig("/graphql", assets, { defaultHeaders: { Authorization: "Bearer t0ken" } });
    for (const tab of demoMode.tabs) expect(JSON.parse(tab.headers!)).toEqual({ Authorization: "Bearer t0ken" });
    expect(JSON.parse(demoMode.defaultHeaders!)).toEqual({ Authorization: "Bearer t0ken" });
    expect(demoMode.persistHeaders).toBe(true);
    expect(demoMode.storageNamespace).not.toBe(plain.storageNamespace); // a new token starts from fresh tabs
  });

  it("points at workers and assets under the endpoint's path", () => {
    const config = graphiqlClientConfig("/graphql", assets);
    expect(config.workers).toEqual({
      editor: "/graphql/assets/editor.worker-C.js",
      json: "/graphql/assets/json.worker-D.js",
      graphql: "/graphql/assets/graphql.worker-E.js",
    });
    const html = graphiqlPage(config, assets);
    expect(html).toContain('<script type="module" src="/graphql/assets/graphiql-AAAA.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/graphql/assets/graphiql-BBBB.css" />');
  });
});

describe("GET /graphql on the gateway", () => {
  const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  let on: TestGateway;
  let off: TestGateway;
  beforeAll(async () => {
    [on, off] = await Promise.all([startTestGateway({ graphiql: true }), startTestGateway()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([on?.close(), off?.close()]);
  });
  const get = (url: string, headers: Record<string, string>) => fetch(url, { headers });

  it("answers a browser with the page, its assets on the same host, under a CSP of 'self'", async () => {
    const res = await get(on.gateway.url, { accept: BROWSER });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'.*script-src 'self';.*connect-src 'self'/);
    const html = await res.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.filter((u) => !u.startsWith("/graphql/assets/") && u !== "data:,")).toEqual([]);
    const script = urls.find((u) => u.endsWith(".js"))!;
    const js = await get(new URL(script, on.gateway.url).href, { "accept-encoding": "gzip" });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  }, 30_000);

  it("serves a worker the page names, and nothing it does not", async () => {
    const html = await (await get(on.gateway.url, { accept: BROWSER })).text();
    const config = JSON.parse(html.match(/<script id="graphiql-config" type="application\/json">(.*?)<\/script>/s)![1]!) as { workers: Record<string, string> };
    expect(Object.keys(config.workers).sort()).toEqual(["editor", "graphql", "json"]);
    for (const url of Object.values(config.workers)) expect((await get(new URL(url, on.gateway.url).href, {})).status).toBe(200);
    expect((await get(new URL("/graphql/assets/nope.js", on.gateway.url).href, {})).status).toBe(404);
  }, 30_000);

  it("leaves GraphQL to Apollo: GETs asking for JSON, and POSTs", async () => {
    const asJson = await get(`${on.gateway.url}?query=${encodeURIComponent("{ accounts { accountId } }")}`, { accept: "application/json", authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(asJson.headers.get("content-type")).toMatch(/^application\/(graphql-response\+)?json/);
    const anyType = await get(on.gateway.url, { accept: "*/*" }); // curl's default
    expect(anyType.headers.get("content-type")).not.toMatch(/text\/html/);
    const posted = await on.gql<{ accounts: unknown[] }>("{ accounts { accountId } }");
    expect(posted.errors).toBeUndefined();
    expect(posted.data?.accounts).toHaveLength(demo.accounts.filter((a) => a.federated).length);
  });

  it("runs the example mutations as they are against the demo world", async () => {
    const approve = byName("ApproveChangeRequest");
    const approved = await on.gql<{ approveChangeRequest: { approvals: { accountId: string; status: string }[] } }>(approve.preset.query, approve.vars);
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.approveChangeRequest.approvals.find((a) => a.accountId === approve.vars.asAccountId)?.status).toBe("APPROVED");

    const start = byName("StartQueryWithPayer");
    const started = await on.gql<{ startProtectedQuery: { membershipId: string; payer: { accountId: string } | null } }>(start.preset.query, start.vars);
    expect(started.errors).toBeUndefined();
    expect(started.data?.startProtectedQuery.membershipId).toBe(start.vars.input.membershipId);
    expect(started.data?.startProtectedQuery.payer?.accountId).toBe(start.vars.input.payerAccountId);
  });

  it("is not served unless configured", async () => {
    const res = await get(off.gateway.url, { accept: BROWSER });
    expect(res.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
    expect(await res.text()).not.toContain("graphiql");
    expect((await get(new URL("/graphql/assets/anything.js", off.gateway.url).href, {})).headers.get("content-type") ?? "").not.toMatch(/javascript/);
  });
});
