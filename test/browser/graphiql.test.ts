/**
 * GraphiQL as a person meets it: Debian's Chromium (apt package `chromium`,
 * installed by .ci/run when missing) driven by playwright-core, against a
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

/** Opens an example tab and runs it with GraphiQL's run button; resolves with what went over the wire. */
async function run(operationName: string): Promise<{ sent: Request; body: { data?: any; errors?: unknown } }> {
  await page.locator(".graphiql-tab", { hasText: operationName }).click();
  // Run only once the tab's document is in the editor: a click before would send the previous tab's.
  await page.locator(".graphiql-query-editor").getByText(operationName).first().waitFor();
  const isIt = (r: Request) => r.method() === "POST" && (r.postData() ?? "").includes(`"operationName":"${operationName}"`);
  const [sent, answered] = await Promise.all([page.waitForRequest(isIt), page.waitForResponse((r) => isIt(r.request())), page.locator(".graphiql-execute-button").click()]);
  return { sent, body: (await answered.json()) as { data?: any; errors?: unknown } };
}

const variablesOf = (operationName: string) => JSON.parse(PRESETS.find((p) => p.query.includes(` ${operationName}(`))?.variables ?? "{}") as Record<string, any>;

beforeAll(async () => {
  // Introspection on, as in demo mode: the docs explorer and completion need it.
  g = await startTestGateway({ graphiql: { defaultHeaders: { Authorization: `Bearer ${TOKEN}` } }, introspection: true });
  profile = mkdtempSync(join(tmpdir(), "graphiql-chromium-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: VIEWPORT });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (r) => void requests.push({ method: r.method(), url: r.url() }));
  page.on("websocket", (ws) => void requests.push({ method: "WEBSOCKET", url: ws.url() }));
  page.on("requestfailed", (r) => void problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("pageerror", (e) => void problems.push(`page error: ${e.message}`));
  page.on("console", (m) => void (m.type() === "error" && problems.push(`console error: ${m.text()}`)));
  page.on("response", (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`)));
  mkdirSync(OUTPUT, { recursive: true });
  await page.goto(g.gateway.url);
  // Loaded: the four example tabs are open and the docs explorer shows the introspected schema.
  await page.locator(".graphiql-tab").nth(3).waitFor();
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
    expect(titles.map((t) => t.trim())).toEqual(["Dashboard", "ApproveChangeRequest", "StartQueryWithPayer", "QueryStatus"]);
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
    expect(shown).toContain(`"payer": { "accountId": "${payer.accountId}", "displayName": "${payer.displayName}" }`);
    await page.screenshot({ path: join(OUTPUT, "graphiql-mutation.png") });
  });

  it("runs a status subscription over graphql-ws and shows its first event", { timeout: 60_000 }, async () => {
    const { membershipId, id } = variablesOf("QueryStatus");
    const seeded = demo.protectedQueries.find((q) => q.membershipId === membershipId && q.id === id)!;
    expect(["SUBMITTED", "STARTED"]).toContain(seeded.status); // it has events to come, so the subscription stays open
    await page.locator(".graphiql-tab", { hasText: "QueryStatus" }).click();
    await page.locator(".graphiql-query-editor").getByText("QueryStatus").first().waitFor();
    const opened = page.waitForEvent("websocket");
    await page.locator(".graphiql-execute-button").click();
    expect(new URL((await opened).url()).pathname).toBe("/graphql");
    // The first event is the query's current state.
    await page.locator(".graphiql-response").getByText(`"${seeded.status}"`).waitFor();
    const shown = await responseText();
    expect(shown).toContain(`"protectedQueryStatusChanged": { "id": "${id}", "status": "${seeded.status}"`);
    await page.screenshot({ path: join(OUTPUT, "graphiql-subscription.png") });
    await page.locator(".graphiql-execute-button").click(); // stop it
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
