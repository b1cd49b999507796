/**
 * README's promises, run as written: the Quick start's commands start the
 * real `npm start` (demo mode, compiled by its prestart), the frontend
 * guide's Node snippet follows a run to its end, and the demo's step-by-step
 * story (create -> vote -> commit; start -> follow) works through the
 * gateway alone. The blocks are taken from README.md itself; only the ports
 * change (127.0.0.1:4000 and :4010 become free ones), so a gateway a
 * developer already runs is not disturbed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, parse, print, validate } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApproveChangeRequestDocument,
  CommitChangeRequestDocument,
  CreateChangeRequestDocument,
  type CreateChangeRequestMutationVariables,
} from "../../schema/generated/graphql";
import { packageRoot } from "../../src/package-root";
import { PRESETS } from "../../src/server/graphiql/presets";
import { freePort } from "../support/ports";

const ROOT = packageRoot();
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const WORK = join(ROOT, ".tmp", "readme");
const DEMO_TOKEN = "local-dev-token-1234"; // the Quick start's CLEANROOMS_GRAPH_DEV_TOKEN

interface Block {
  lang: string;
  text: string;
}

/** The fenced code blocks of README's `## title` section, in order. */
function blocksOf(title: string): Block[] {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "## ${title}"`);
  const end = README.indexOf("\n## ", start + 1);
  const section = README.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));
}

let gatewayPort: number;
let emulatorPort: number;
let quickStart: ChildProcess | undefined;
let quickStartOutput = "";

/** A block's text with the documented ports replaced by this run's. */
const onOurPorts = (text: string) => text.replaceAll("127.0.0.1:4000", `127.0.0.1:${gatewayPort}`).replaceAll("127.0.0.1:4010", `127.0.0.1:${emulatorPort}`);

/** Runs a shell block with bash in its own process group; resolves when bash exits (background jobs may live on). */
function runBlock(text: string, cwd: string): { child: ChildProcess; exited: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn("bash", ["-euo", "pipefail", "-c", onOurPorts(text)], {
    cwd,
    detached: true,
    env: { ...process.env, PORT: String(gatewayPort), EMULATOR_PORT: String(emulatorPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (b: Buffer) => void (stdout += b.toString()));
  child.stderr!.on("data", (b: Buffer) => void (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, exited };
}

async function gql<T, V>(document: TypedDocumentNode<T, V>, variables: V): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${DEMO_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string }[] };
}

/** The variables GraphiQL's tab for the operation opens with. */
function presetVariables<V>(name: string): V {
  const preset = PRESETS.find((p) => p.query.includes(` ${name}(`));
  if (!preset?.variables) throw new Error(`no preset with variables for ${name}`);
  return JSON.parse(preset.variables) as V;
}

beforeAll(async () => {
  gatewayPort = await freePort();
  emulatorPort = await freePort();
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
});

afterAll(() => {
  // The whole group: bash's background `npm start`, npm, and the gateway it runs (which stops on SIGTERM).
  if (quickStart?.pid) {
    try {
      process.kill(-quickStart.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  rmSync(WORK, { recursive: true, force: true });
});

describe("Quick start", () => {
  const blocks = blocksOf("Quick start");

  it("names one command that runs the gateway and one that runs the tests, and CI runs that test command", () => {
    const commands = blocks[0].text.split("\n").filter(Boolean).map((l) => l.replace(/\s+#.*$/, ""));
    expect(commands).toEqual(["npm ci && npm start", "npm ci && npm test"]);
    const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8").split("\n");
    expect(ci).toContain("npm ci && npm test");
  });

  it("starts the gateway with npm start and answers the curl example once it is up", { timeout: 180_000 }, async () => {
    const block = blocks[1];
    expect(block.text).toMatch(/npm start &/);
    const { child, exited } = runBlock(block.text, ROOT);
    quickStart = child;
    const { code, stdout, stderr } = await exited;
    quickStartOutput = stdout;
    expect(code, stderr).toBe(0);
    const answer = stdout.split("\n").find((l) => l.startsWith('{"data"'));
    expect(answer, stdout).toBeDefined();
    const { data } = JSON.parse(answer!) as { data: { accounts: { accountId: string; status: string }[] } };
    const demo = JSON.parse(readFileSync(join(ROOT, "src/emulator/scenarios/demo.json"), "utf8")) as { accounts: { accountId: string; federated: boolean }[] };
    expect(data.accounts.map((a) => a.accountId).sort()).toEqual(demo.accounts.filter((a) => a.federated).map((a) => a.accountId).sort());
    expect(new Set(data.accounts.map((a) => a.status))).toEqual(new Set(["AVAILABLE"]));
    // npm start printed where it serves, and that it accepts the token chosen by the environment (never echoing it).
    expect(quickStartOutput).toContain(`http://127.0.0.1:${gatewayPort}/graphql`);
    expect(quickStartOutput).toContain("CLEANROOMS_GRAPH_DEV_TOKEN");
    expect(quickStartOutput).not.toContain(DEMO_TOKEN);
  });
});

describe("For frontend teams", () => {
  const blocks = blocksOf("For frontend teams");
  const schema = buildSchema(readFileSync(join(ROOT, "schema", "schema.graphql"), "utf8"));

  it("every GraphQL block is valid against the served schema", () => {
    const graphql = blocks.filter((b) => b.lang === "graphql");
    expect(graphql.length).toBeGreaterThan(0);
    for (const b of graphql) expect(validate(schema, parse(b.text)).map((e) => e.message)).toEqual([]);
  });

  it("the Node snippet follows a query started by the curl example until SUCCESS", { timeout: 120_000 }, async () => {
    expect(quickStart, "the Quick start's gateway runs").toBeDefined();
    const script = blocks.find((b) => b.lang === "js");
    const file = script?.text.match(/^\/\/ (\S+\.mjs)/)?.[1];
    expect(file, "the js block's first line names its file").toBeDefined();
    writeFileSync(join(WORK, file!), onOurPorts(script!.text));
    const shell = blocks.find((b) => b.lang === "sh" && b.text.includes(`node ${file}`));
    expect(shell).toBeDefined();
    const { code, stdout, stderr } = await runBlock(shell!.text, WORK).exited;
    expect(code, stderr).toBe(0);
    const statuses = stdout.split("\n").filter(Boolean);
    // Events in lifecycle order, moving at least once, ending in the terminal status.
    const order = ["SUBMITTED", "STARTED", "SUCCESS"];
    expect(statuses.map((s) => order.indexOf(s))).toEqual([...new Set(statuses.map((s) => order.indexOf(s)))].sort());
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.at(-1)).toBe("SUCCESS");
  });
});

describe("The demo, step by step: change requests through the gateway alone", () => {
  it("ApproveChangeRequest then CommitChangeRequest take the demo's pending request to COMMITTED", async () => {
    expect(quickStart, "the Quick start's gateway runs").toBeDefined();
    const approved = await gql(ApproveChangeRequestDocument, presetVariables("ApproveChangeRequest"));
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.approveChangeRequest.status).toBe("APPROVED");
    const committed = await gql(CommitChangeRequestDocument, presetVariables("CommitChangeRequest"));
    expect(committed.errors).toBeUndefined();
    expect(committed.data?.commitChangeRequest.status).toBe("COMMITTED");
    // The seeded request makes the publisher (the creator) a job compute payer candidate.
    expect(committed.data?.commitChangeRequest.collaboration.jobPayers.map((m) => m.accountId)).toContain("333333333333");
  });

  it("CreateChangeRequest, a vote with its id, and a commit add a payer candidate", async () => {
    const create = presetVariables<CreateChangeRequestMutationVariables>("CreateChangeRequest");
    const created = await gql(CreateChangeRequestDocument, create);
    expect(created.errors).toBeUndefined();
    const request = created.data!.createChangeRequest;
    expect(request.status).toBe("PENDING");
    expect(request.changes.flatMap((c) => c.types)).toContain("ADD_PAYER_CANDIDATE");
    const voter = create.input.changes[0].member!.accountId;
    const approved = await gql(ApproveChangeRequestDocument, { collaborationId: create.input.collaborationId, changeRequestId: request.id, asAccountId: voter });
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.approveChangeRequest.status).toBe("APPROVED");
    // The tabs work on one collaboration, so the id is all a person changes.
    expect(presetVariables<{ collaborationId: string }>("ApproveChangeRequest").collaborationId).toBe(create.input.collaborationId);
    const committed = await gql(CommitChangeRequestDocument, { collaborationId: create.input.collaborationId, changeRequestId: request.id });
    expect(committed.errors).toBeUndefined();
    expect(committed.data?.commitChangeRequest.collaboration.queryPayers.map((m) => m.accountId)).toContain(voter);
  });
});
