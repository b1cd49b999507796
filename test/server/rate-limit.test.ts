/** The per-principal rate limit over HTTP, with a tiny bucket that does not refill within the test. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { FULL_ACCESS } from "../../src/auth/grants";
import { startTestGateway, type TestGateway } from "../support/gateway";

const BURST = 3;
const other = { token: "second-principal-token-19af2c", name: "second", grants: [...FULL_ACCESS] };

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway({ principals: [other], limits: { rateLimit: { burst: BURST, perSecond: 1 / 3600 } } })));
afterAll(() => g.close());

it("answers THROTTLED with 429 and Retry-After once the principal's bucket is empty, before any AWS call", async () => {
  for (let i = 0; i < BURST; i++) expect((await g.gql("{ accounts { accountId } }")).status).toBe(200);
  await g.t.resetCalls();
  const res = await g.post({ query: "{ accounts { accountId memberships { nodes { id } } } }" });
  expect(res.status).toBe(429);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  const body = JSON.parse(res.text);
  expect(body.data ?? null).toBeNull();
  expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["THROTTLED"]);
  expect((await g.t.calls()).total).toBe(0);
});

it("throttles each principal on its own bucket", async () => {
  expect((await g.gql("{ accounts { accountId } }", undefined, { token: other.token })).status).toBe(200);
  expect((await g.gql("{ accounts { accountId } }")).status).toBe(429);
});

it("counts every operation of a batch", async () => {
  const op = { query: "{ __typename }" };
  const res = await g.post([op, op, op], { token: other.token }); // the second principal has BURST - 1 tokens left
  expect(res.status).toBe(429);
  expect(res.text).toMatch(/THROTTLED/);
});
