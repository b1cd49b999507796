import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());

/** A refusal: the status, one error with the code, no data, and not one AWS call. */
async function expectRefused(res: { status: number; text: string }, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = JSON.parse(res.text) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
  expect(body).not.toHaveProperty("data");
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].extensions.code).toBe(code);
  return body.errors[0];
}

describe("bearer authentication over HTTP", () => {
  const query = { query: "{ accounts { accountId memberships { nodes { id } } } }" };

  it("answers the operator's token", async () => {
    const res = await g.gql("{ accounts { accountId } }");
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect((res.data as { accounts: unknown[] }).accounts).toHaveLength(g.accounts.length);
  });

  it("refuses a request without a token: 401, UNAUTHENTICATED, a Bearer challenge, no data, no AWS call", async () => {
    await g.t.resetCalls();
    const res = await g.post(query, { token: null });
    const error = await expectRefused(res, 401, "UNAUTHENTICATED");
    expect(error.message).toMatch(/Authorization: Bearer/);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="cleanrooms-graph"');
    expect((await g.t.calls()).total).toBe(0);
  });

  it("refuses an unknown token, a malformed header and another scheme alike", async () => {
    await g.t.resetCalls();
    const cases: [Record<string, string>, string][] = [
      [{ authorization: "Bearer not-a-key-anyone-configured" }, 'error="invalid_token"'],
      [{ authorization: `Bearer ${g.token}x` }, 'error="invalid_token"'],
      [{ authorization: "Bearer a.b.c" }, 'error="invalid_token"'],
      [{ authorization: `Basic ${Buffer.from("operator:x").toString("base64")}` }, 'error="invalid_request"'],
      [{ authorization: `Bearer ${g.token} extra` }, 'error="invalid_request"'],
      [{ authorization: "Bearer" }, 'error="invalid_request"'],
    ];
    for (const [headers, challenge] of cases) {
      const res = await g.post(query, { token: null, headers });
      await expectRefused(res, 401, "UNAUTHENTICATED");
      expect(res.headers.get("www-authenticate")).toContain(challenge);
    }
    expect((await g.t.calls()).total).toBe(0);
  });

  it("authenticates before reading the body: an unauthenticated oversized or broken body is still a 401", async () => {
    await expectRefused(await g.post("x".repeat(2 * 1024 * 1024), { token: null }), 401, "UNAUTHENTICATED");
    await expectRefused(await g.post("{not json", { token: null }), 401, "UNAUTHENTICATED");
  });

  it("keeps Apollo's CSRF prevention for what no token protects; a bearer token counts as preflighted", async () => {
    // A browser adds no Authorization header on its own, so a request carrying one was made by code the CORS rules checked.
    expect((await g.post("query={accounts{accountId}}", { token: null, headers: { "content-type": "text/plain" } })).status).toBe(401);
    expect((await g.post("query={accounts{accountId}}", { headers: { "content-type": "text/plain" } })).status).toBe(400); // not JSON: nothing runs
    const get = await fetch(`${g.gateway.url}?query=${encodeURIComponent("{ accounts { accountId } }")}`, { headers: { authorization: `Bearer ${g.token}` } });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: { accounts: unknown[] } }).data.accounts.length).toBeGreaterThan(0);
  });
});
