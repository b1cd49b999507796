/**
 * nextToken through the real SDK: a token resumes after the last item it
 * returned, whatever was added or left the list between pages, and only a
 * token the emulator issued for this list is accepted.
 */
import { ListProtectedQueriesCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../support/aws-errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { runCalls, toMember } from "./run-calls";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());
beforeEach(() => t.reset());

const { start, cancel, list } = runCalls(() => t, "query", {
  type: "SQL",
  sqlParameters: { queryString: "SELECT 1" },
  resultConfiguration: toMember(demo.advertiser),
  queryComputePayerAccountId: demo.advertiser,
});

/** Every id of a list walked page by page; `between` runs after each page. */
async function walk(status: string | undefined, maxResults: number, between: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await list(demo.advertiser, demo.m11, { status, maxResults, nextToken });
    seen.push(...page.runs.map((r) => r.id!));
    nextToken = page.nextToken;
    if (nextToken) await between();
  } while (nextToken);
  return seen;
}

const b64 = (s: string) => Buffer.from(s).toString("base64url");

/** The ValidationException a refused token gets, in the model's shape. */
function expectTokenRefused(e: Awaited<ReturnType<typeof refusal>>) {
  expect(e.name).toBe("ValidationException");
  expect(e.$metadata.httpStatusCode).toBe(400);
  expect(e.message).toBe("The nextToken is invalid or belongs to another list.");
  expect(e.reason).toBe("FIELD_VALIDATION_FAILED");
  expect(e.fieldList).toEqual([{ name: "nextToken", message: "invalid pagination token" }]);
}

describe("a list that changes between pages", () => {
  it("repeats nothing when runs are started between pages (newest first, so they land before the token)", async () => {
    const before = (await list(demo.advertiser, demo.m11)).runs.map((r) => r.id!);
    expect(before.length).toBeGreaterThan(4);
    const seen = await walk(undefined, 2, async () => void (await start(demo.advertiser, demo.m11)));
    // An offset token would hand back the last item of each page again.
    expect(seen).toEqual(before);
  });

  it("skips nothing when runs leave a filtered list between pages", async () => {
    const started: string[] = [];
    for (let i = 0; i < 4; i++) {
      started.unshift((await start(demo.advertiser, demo.m11)).id!);
      await t.advance(100); // distinct creation times
    }
    const submitted = (await list(demo.advertiser, demo.m11, { status: "SUBMITTED" })).runs.map((r) => r.id!);
    expect(submitted.slice(0, 4)).toEqual(started);
    // Each page's runs stop being SUBMITTED before the next page is read.
    let page = 0;
    const seen = await walk("SUBMITTED", 1, async () => void (await cancel(demo.advertiser, demo.m11, submitted[page++])));
    expect(seen).toEqual(submitted);
  });
});

describe("a token the emulator did not issue", () => {
  it("is refused when the caller writes an offset token of its own", async () => {
    const forged = b64(JSON.stringify({ l: `ListProtectedQueries/${demo.m11}/`, o: 1 }));
    expectTokenRefused(await refusal(list(demo.advertiser, demo.m11, { nextToken: forged })));
  });

  it("is refused when an issued token's position is changed", async () => {
    const { nextToken } = await list(demo.advertiser, demo.m11, { maxResults: 1 });
    const [payload, mac] = nextToken!.split(".");
    const position = JSON.parse(Buffer.from(payload, "base64url").toString()) as { k: number };
    const moved = `${b64(JSON.stringify({ ...position, k: position.k - 1 }))}.${mac}`;
    expectTokenRefused(await refusal(list(demo.advertiser, demo.m11, { nextToken: moved })));
  });

  it("is refused from another emulator, whose secret differs", async () => {
    const other = await startTestEmulator();
    try {
      const { nextToken } = await list(demo.advertiser, demo.m11, { maxResults: 1 });
      const client = await other.cleanrooms(demo.advertiser);
      // Same scenario, list and position: only the signature tells the token is not this emulator's.
      expectTokenRefused(await refusal(client.send(new ListProtectedQueriesCommand({ membershipIdentifier: demo.m11, nextToken }))));
    } finally {
      await other.close();
    }
  });

  it("is refused on another list, and an issued token still works on its own", async () => {
    const first = await list(demo.advertiser, demo.m11, { maxResults: 1 });
    expectTokenRefused(await refusal(list(demo.advertiser, demo.m11, { status: "SUCCESS", nextToken: first.nextToken })));
    const second = await list(demo.advertiser, demo.m11, { maxResults: 1, nextToken: first.nextToken });
    expect(second.runs[0].id).not.toBe(first.runs[0].id);
  });
});
