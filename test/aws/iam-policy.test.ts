/**
 * README's "Setting up member accounts" policies grant exactly what the
 * gateway sends: the read-write policy every Clean Rooms operation of the
 * code, the read-only policy its List/Get operations, the gateway's own
 * policy the STS operations. The code's operations are read twice — the
 * declared table (CLEAN_ROOMS_OPERATIONS, by which CleanRoomsApi's methods send) and
 * the SDK commands src/ imports — so that a new call, a stale list or a stale
 * README each fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CLEAN_ROOMS_OPERATIONS, CleanRoomsApi, type CleanRoomsOperation } from "../../src/aws/cleanrooms-api";
import type { OperationKind } from "../../src/aws/retry";
import { packageRoot } from "../../src/package-root";

const ROOT = packageRoot();

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string>>;
}

/** The JSON policies of README's section, by statement Sid. */
function readmePolicies(): Map<string, Statement> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.match(/^## Setting up member accounts\n([\s\S]*?)(?=^## )/m)?.[1];
  expect(section, 'README has a section "## Setting up member accounts"').toBeDefined();
  const statements = new Map<string, Statement>();
  for (const [, block] of section!.matchAll(/```json\n([\s\S]*?)```/g)) {
    const policy = JSON.parse(block) as { Version: string; Statement: Statement[] };
    expect(policy.Version).toBe("2012-10-17");
    for (const s of policy.Statement) statements.set(s.Sid ?? "", s);
  }
  return statements;
}

const actions = (s: Statement | undefined): string[] => (s === undefined ? [] : [s.Action].flat());

/** The `…Command` classes that files under src/ (the emulator aside: it is AWS's side) import from an SDK package. */
function importedCommands(pkg: string): string[] {
  const files = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.startsWith("emulator"))
    .map((f) => join(ROOT, "src", f));
  const commands = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    // A namespace import would hide which commands are used.
    expect(text, relative(ROOT, file)).not.toMatch(new RegExp(`import \\* as \\w+ from "${pkg}"`));
    for (const [, names] of text.matchAll(new RegExp(`import \\{([^}]*)\\} from "${pkg}"`, "g"))) {
      for (const name of names.split(",").map((n) => n.trim())) {
        const m = /^(\w+)Command$/.exec(name);
        if (m) commands.add(m[1]);
      }
    }
  }
  return [...commands].sort();
}

const sorted = (xs: readonly string[]) => [...xs].sort();
const cleanrooms = (ops: readonly string[]) => sorted(ops.map((o) => `cleanrooms:${o}`));

const OPERATIONS = Object.keys(CLEAN_ROOMS_OPERATIONS) as CleanRoomsOperation[];

/** What each CleanRoomsApi method hands the pool: the operation its command sends, and the kind it declares. */
async function sentByEachMethod(): Promise<Map<string, { operation: string; kind: OperationKind }>> {
  let last: { operation: string; kind: OperationKind } | undefined;
  const api = new CleanRoomsApi({
    send: async (_accountId: string, kind: OperationKind, command: object) => {
      last = { operation: command.constructor.name.replace(/Command$/, ""), kind };
      return {} as never;
    },
  });
  const sent = new Map<string, { operation: string; kind: OperationKind }>();
  const query = { membershipId: "m", sqlParameters: { queryString: "SELECT 1" } };
  const args: Record<string, unknown[]> = {
    startProtectedQuery: ["a", query, undefined],
    startProtectedJob: ["a", { membershipId: "m", analysisTemplateArn: "arn" }, undefined],
    createChangeRequest: ["a", "c", []],
    updateMembershipPayment: ["a", "m", {}],
  };
  for (const [name, method] of Object.entries(api)) {
    if (typeof method !== "function") continue;
    last = undefined;
    await (method as (...a: unknown[]) => Promise<unknown>)(...(args[name] ?? ["a", "b", "c", {}]));
    sent.set(name, last!);
  }
  return sent;
}

describe("README's IAM policies", () => {
  it("the declared operations are the commands the gateway imports from the Clean Rooms SDK", () => {
    expect(sorted(OPERATIONS)).toEqual(importedCommands("@aws-sdk/client-cleanrooms"));
  });

  it("every API method sends the command of the operation it declares, with that operation's kind", async () => {
    const sent = await sentByEachMethod();
    expect(sent.size).toBeGreaterThanOrEqual(OPERATIONS.length);
    for (const [method, { operation, kind }] of sent) {
      expect(OPERATIONS, method).toContain(operation);
      expect(kind, method).toBe(CLEAN_ROOMS_OPERATIONS[operation as CleanRoomsOperation]);
    }
    expect(sorted([...new Set([...sent.values()].map((s) => s.operation))])).toEqual(sorted(OPERATIONS));
  });

  it("read-write: exactly every Clean Rooms operation the gateway sends", () => {
    const s = readmePolicies().get("CleanRoomsGraphReadWrite");
    expect(s?.Effect).toBe("Allow");
    expect(sorted(actions(s))).toEqual(cleanrooms(OPERATIONS));
  });

  it("read-only: exactly the reads among them (List*, Get*)", () => {
    const s = readmePolicies().get("CleanRoomsGraphReadOnly");
    expect(s?.Effect).toBe("Allow");
    const reads = OPERATIONS.filter((o) => CLEAN_ROOMS_OPERATIONS[o] === "read");
    expect(reads.every((o) => /^(List|Get)/.test(o))).toBe(true);
    expect(sorted(actions(s))).toEqual(cleanrooms(reads));
  });

  it("the role's trust policy lets a principal assume it with an ExternalId", () => {
    const s = readmePolicies().get("CleanRoomsGraphGateway");
    expect(s).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: expect.stringMatching(/^arn:aws:iam::\d{12}:/) } });
    expect(s?.Condition?.StringEquals?.["sts:ExternalId"]).toBeTruthy();
  });

  it("the gateway principal's policy: AssumeRole on role ARNs, the only STS operation the gateway sends", () => {
    const s = readmePolicies().get("AssumeMemberAccountRoles");
    expect(s?.Effect).toBe("Allow");
    expect(sorted(actions(s))).toEqual(importedCommands("@aws-sdk/client-sts").map((o) => `sts:${o}`));
    for (const r of [s!.Resource].flat()) expect(r).toMatch(/^arn:aws:iam::\d{12}:role\/\S+$/);
  });
});
