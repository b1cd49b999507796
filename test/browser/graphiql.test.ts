/**
 * GraphiQL as a person meets it: Debian's Chromium (apt package `chromium`,
 * installed by `npm test` when missing: scripts/test-prerequisites.mjs) driven by playwright-core, against a
 * gateway over the emulator. Every request the page makes is recorded; none
 * may leave the gateway's host. Screenshots go to test-output/ (not committed).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../src/emulator/scenarios/demo.json";
import { PRESETS } from "../../src/server/graphiql/presets";
import { OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const OUTPUT = join(__dirname, "../../test-output");
const VIEWPORT = { width: 1600, height: 1000 };
/** Stands for the demo token: the page fills it in, as demo mode does. */
const TOKEN = OPERATOR_TOKEN;

let g: TestGateway;
let profile: string;
let context: BrowserContext;
let page: Page;
const requests: { method: string; url: string }[] = [];
const problems: string[] = [];

/** Monaco's view of one rendered line (the project compiles without the DOM library). */
type ViewLine = { style: { top: string }; textContent: string | null };

/**
 * All that the response pane shows, whitespace folded (Monaco wraps long lines). Monaco renders
 * only the lines in view, so this pages through the pane and collects each line by its offset.
 */
async function responseText(): Promise<string> {
  const lineSelector = ".graphiql-response .view-lines .view-line";
  const lines = new Map<number, string>();
  await page.locator(lineSelector).first().click(); // focus the pane: PageDown then pages through it
  let misses = 0;
  for (let step = 0; step < 500; step++) {
    const visible = await page
      .locator(lineSelector)
      .evaluateAll((els) => (els as unknown as ViewLine[]).map((e) => [parseFloat(e.style.top), e.textContent ?? ""] as const));
    for (const [top, text] of visible) lines.set(top, text);
    const bottom = Math.max(...visible.map(([top]) => top));
    await page.keyboard.press("PageDown");
    // A function, not a string: the page's CSP forbids eval, and the test keeps that CSP on.
    const moved = await page
      .waitForFunction(
        ([selector, below]) => {
          const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<ViewLine> } }).document;
          return Math.max(...[...doc.querySelectorAll(selector)].map((e) => parseFloat(e.style.top))) > below;
        },
        [lineSelector, bottom] as const,
        { timeout: 2_000 },
      )
      .then(
        () => true,
        () => false,
      );
    misses = moved ? 0 : misses + 1;
    if (misses === 2) break; // the last line is in view (a first PageDown may only move the cursor)
  }
  return [...lines.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, text]) => text)
    .join("\n")
    .replace(/\s+/g, " ");
}

/** What a Run sent over HTTP or graphql-ws: the operation name and the document. */
interface Sent {
  operationName?: string;
  query: string;
  variables?: Record<string, any>;
}

/** Every graphql-ws `subscribe` message the page sends, in order. */
const subscribes: Sent[] = [];
const subscribeListeners = new Set<(s: Sent) => void>();

/** Resolves with the next graphql-ws subscribe message the page sends. */
function nextSubscribe(): Promise<Sent> {
  return new Promise((resolve) => {
    const listener = (s: Sent) => {
      subscribeListeners.delete(listener);
      resolve(s);
    };
    subscribeListeners.add(listener);
  });
}

/** The button that selects the tab titled `name` (exactly: CreateChangeRequest is not ChangeRequest). */
const tabButton = (name: string) => page.locator(".graphiql-tab-button").filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) });

/** Clicks a tab and presses Run at once, as a person does (no waiting for the editor); resolves with what went over the wire. */
async function clickTabAndRun(tab: string, over: "http" | "ws" = "http"): Promise<{ sent: Sent; request?: Request; body?: { data?: any; errors?: { message: string }[] } }> {
  await tabButton(tab).click();
  return runNow(over);
}

/** Presses Run now; resolves with what went over the wire (and, over HTTP, the answer). */
async function runNow(over: "http" | "ws" = "http"): Promise<{ sent: Sent; request?: Request; body?: { data?: any; errors?: { message: string }[] } }> {
  if (over === "ws") {
    const [sent] = await Promise.all([nextSubscribe(), page.locator(".graphiql-execute-button").click()]);
    return { sent };
  }
  const isRun = (r: Request) => r.method() === "POST" && r.url() === g.gateway.url && !(r.postData() ?? "").includes("IntrospectionQuery");
  const [request, answered] = await Promise.all([page.waitForRequest(isRun), page.waitForResponse((r) => isRun(r.request())), page.locator(".graphiql-execute-button").click()]);
  return { sent: JSON.parse(request.postData()!) as Sent, request, body: (await answered.json()) as { data?: any; errors?: { message: string }[] } };
}

/** Replaces an editor's text as a person does: select all, paste (typing would let the editor close brackets and quotes). */
async function paste(editor: string, text: string): Promise<void> {
  await page.evaluate((t) => (globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }).navigator.clipboard.writeText(t), text);
  await page.locator(editor).first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}

/** The operation names a document defines. */
const operationNames = (query: string) => [...query.matchAll(/^\s*(?:query|mutation|subscription)\s+(\w+)/gm)].map((m) => m[1]);

/** Opens an example tab and runs it with GraphiQL's run button; resolves with what went over the wire. */
async function run(operationName: string): Promise<{ sent: Request; body: { data?: any; errors?: unknown } }> {
  const { request, body, sent } = await clickTabAndRun(operationName);
  expect(sent.operationName).toBe(operationName);
  return { sent: request!, body: body! };
}

/** The example tabs, by operation name, in the order the page opens them. */
const TABS = PRESETS.map((p) => operationNames(p.query)[0]);
/** The tabs whose operation is a subscription: GraphiQL sends them over graphql-ws. */
const SUBSCRIPTION_TABS = new Set(PRESETS.flatMap((p) => [...p.query.matchAll(/^\s*subscription\s+(\w+)/gm)].map((m) => m[1])));

const variablesOf = (operationName: string) => JSON.parse(PRESETS.find((p) => p.query.includes(` ${operationName}(`))?.variables ?? "{}") as Record<string, any>;

beforeAll(async () => {
  // Introspection on, as in demo mode: the docs explorer and completion need it.
  // The real clock, as in demo mode, so that a started run moves on by itself.
  g = await startTestGateway({ graphiql: { defaultHeaders: { Authorization: `Bearer ${TOKEN}` } }, introspection: true, emulator: { clock: "real" } });
  profile = mkdtempSync(join(tmpdir(), "graphiql-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    permissions: ["clipboard-read", "clipboard-write"], // the tests paste into the editors
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (r) => void requests.push({ method: r.method(), url: r.url() }));
  page.on("websocket", (ws) => {
    requests.push({ method: "WEBSOCKET", url: ws.url() });
    ws.on("framesent", ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type: string; payload?: Sent };
      if (message.type !== "subscribe" || !message.payload) return;
      subscribes.push(message.payload);
      for (const listener of [...subscribeListeners]) listener(message.payload);
    });
  });
  page.on("requestfailed", (r) => void problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("pageerror", (e) => void problems.push(`page error: ${e.message}`));
  page.on("console", (m) => void (m.type() === "error" && problems.push(`console error: ${m.text()}`)));
  page.on("response", (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`)));
  mkdirSync(OUTPUT, { recursive: true });
  await page.goto(g.gateway.url);
  // Loaded: every example tab is open and the docs explorer shows the introspected schema.
  await page.locator(".graphiql-tab").nth(PRESETS.length - 1).waitFor();
  await page
    .locator(".graphiql-doc-explorer")
    .getByText("Query", { exact: true })
    .waitFor({ timeout: 20_000 })
    .catch((e: Error) => {
      throw new Error(`the docs explorer never showed the schema (${e.message.split("\n")[0]}); the page saw: ${problems.join(" | ") || "no error"}`);
    });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await g?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("GraphiQL in Chromium", () => {
  it("opens the example operations as tabs, with the docs explorer and the demo token's header", async () => {
    const titles = await page.locator(".graphiql-tab").allInnerTexts();
    expect(titles.map((t) => t.trim())).toEqual(TABS);
    const docs = (await page.locator(".graphiql-doc-explorer").innerText()).replace(/\s+/g, " ");
    expect(docs).toContain("Root Types");
    expect(docs).toMatch(/mutation: Mutation/);
    await page.getByRole("button", { name: "Headers", exact: true }).click();
    const headers = (await page.locator(".graphiql-editor-tool").innerText()).replace(/\s+/g, " ");
    expect(headers).toContain(`"Authorization": "Bearer ${TOKEN}"`);
  });

  it("runs the dashboard and shows its data", { timeout: 60_000 }, async () => {
    const { sent, body } = await run("Dashboard");
    expect(sent.headers().authorization).toBe(`Bearer ${TOKEN}`);
    expect(body.errors).toBeUndefined();
    await page.locator(".graphiql-response").getByText('"accounts"').waitFor();
    await page.screenshot({ path: join(OUTPUT, "graphiql-dashboard.png") });
    expect(statSync(join(OUTPUT, "graphiql-dashboard.png")).size).toBeGreaterThan(10_000);

    // What the demo world puts on the dashboard: every federated account, and every collaboration one of them is a member of.
    const federated = demo.accounts.filter((a) => a.federated);
    const collaborations = demo.collaborations.filter((c) => c.members.some((m) => federated.some((a) => a.accountId === m.accountId)));
    expect(collaborations.length).toBeGreaterThan(0);
    const shown = await responseText();
    for (const a of federated) expect(shown).toContain(`"alias": "${a.alias}"`);
    for (const c of collaborations) expect(shown).toContain(`"name": "${c.name}"`);
    expect(shown).not.toContain('"errors"');
  });

  it("runs a mutation: starts a query with the payer it names", { timeout: 60_000 }, async () => {
    const { input } = variablesOf("StartQueryWithPayer");
    const { body } = await run("StartQueryWithPayer");
    expect(body.errors).toBeUndefined();
    const collaboration = demo.collaborations.find((c) => c.members.some((m) => m.membershipId === input.membershipId))!;
    const payer = collaboration.members.find((m) => m.accountId === input.payerAccountId)!;
    await page.locator(".graphiql-response").getByText(`"${body.data.startProtectedQuery.id}"`).waitFor();
    const shown = await responseText();
    // The member's opaque id first (its caches key; the editor may wrap it), then who it is.
    expect(shown).toMatch(new RegExp(`"payer": \\{ "id": "[^"]+", "accountId": "${payer.accountId}", "displayName": "${payer.displayName}" \\}`));
    await page.screenshot({ path: join(OUTPUT, "graphiql-mutation.png") });
  });

  it("runs a status subscription over graphql-ws and shows its first event", { timeout: 60_000 }, async () => {
    const { membershipId, id } = variablesOf("QueryStatus");
    const seeded = demo.protectedQueries.find((q) => q.membershipId === membershipId && q.id === id)!;
    expect(["SUBMITTED", "STARTED"]).toContain(seeded.status); // it has events to come, so the subscription stays open
    const opened = page.waitForEvent("websocket");
    const { sent } = await clickTabAndRun("QueryStatus", "ws");
    expect(sent.operationName).toBe("QueryStatus");
    expect(new URL((await opened).url()).pathname).toBe("/graphql");
    // The first event is the query's current state.
    await page.locator(".graphiql-response").getByText(`"${seeded.status}"`).waitFor();
    const shown = await responseText();
    expect(shown).toContain(`"protectedQueryStatusChanged": { "id": "${id}", "status": "${seeded.status}"`);
    await page.screenshot({ path: join(OUTPUT, "graphiql-subscription.png") });
    await page.locator(".graphiql-execute-button").click(); // stop it
  });

  it("follows a query it started to a terminal status, as the guide tells: StartQueryWithPayer, its id into QueryStatus, Run", { timeout: 60_000 }, async () => {
    const { body } = await run("StartQueryWithPayer");
    const started = body.data.startProtectedQuery as { id: string; membershipId: string };
    await tabButton("QueryStatus").click();
    await page.getByRole("button", { name: "Variables", exact: true }).click();
    await paste(".graphiql-editor-tool .monaco-editor", JSON.stringify({ membershipId: started.membershipId, id: started.id }));
    const { sent } = await runNow("ws");
    expect(sent.variables).toEqual({ membershipId: started.membershipId, id: started.id });
    // The emulator runs on the real clock here, as in demo mode: the run moves on by itself within seconds.
    await page.locator(".graphiql-response").getByText('"SUCCESS"').waitFor({ timeout: 45_000 });
    const shown = await responseText();
    expect(shown).toContain(`"protectedQueryStatusChanged": { "id": "${started.id}", "status": "SUCCESS"`);
    await page.screenshot({ path: join(OUTPUT, "graphiql-subscription-success.png") });
  });

  it("always sends the operation in the editor: Run right after every tab switch, over several rounds", { timeout: 120_000 }, async () => {
    // Forward, backward, then every tab followed by the one two places on: many different previous tabs for each.
    const rounds = [TABS, [...TABS].reverse(), TABS.flatMap((t, i) => [t, TABS[(i + 2) % TABS.length]])];
    for (const round of rounds) {
      for (const tab of round) {
        const over = SUBSCRIPTION_TABS.has(tab) ? "ws" : "http";
        const { sent, body } = await clickTabAndRun(tab, over);
        expect(sent.operationName, `Run on ${tab}`).toBe(tab);
        expect(operationNames(sent.query), `Run on ${tab}`).toEqual([tab]);
        for (const e of body?.errors ?? []) expect(e.message).not.toMatch(/Unknown operation/);
      }
    }
    await tabButton("Dashboard").click(); // a switch stops a subscription still open
  });

  it("sends the operation of a tab the user added, and of an edit, at once", { timeout: 60_000 }, async () => {
    await page.getByRole("button", { name: "New tab" }).click();
    await paste(".graphiql-query-editor .monaco-editor", "query MyAccounts { accounts { accountId } }");
    const typed = await runNow();
    expect(typed.sent.operationName).toBe("MyAccounts");
    expect(typed.body?.errors).toBeUndefined();

    // Rename the operation and run before GraphiQL's own parse of the editor catches up.
    await paste(".graphiql-query-editor .monaco-editor", "query RenamedAccounts { accounts { alias } }");
    const renamed = await runNow();
    expect(renamed.sent.operationName).toBe("RenamedAccounts");
    expect(renamed.body?.errors).toBeUndefined();
    expect(renamed.body?.data.accounts.length).toBeGreaterThan(0);
  });

  it("made no request to any host but the gateway's, and logged no error", () => {
    const gateway = new URL(g.gateway.url);
    expect(requests.length).toBeGreaterThan(5);
    const elsewhere = requests.filter((r) => {
      const u = new URL(r.url);
      return u.host !== gateway.host || !["http:", "ws:"].includes(u.protocol);
    });
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});
