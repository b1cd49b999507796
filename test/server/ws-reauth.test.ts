/**
 * What README tells frontend teams about 4401, held true: graphql-ws's
 * client treats the gateway's 4401 (a missing, bad or expired token) as
 * final, retrying neither by `retryAttempts` nor by `shouldRetry`; with
 * `connectionParams` as a function, the next operation on the same client
 * connects again with the token it returns.
 */
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { OPERATOR_TOKEN, startTestGateway, type TestGateway } from "../support/gateway";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g?.close());

/** One operation's outcome: its results, or what ended it. */
function run(client: Client): Promise<{ data?: unknown; error?: unknown }> {
  return new Promise((resolve) => {
    let data: unknown;
    client.subscribe({ query: "{ __typename }" }, { next: (r) => void (data = r.data), error: (error) => resolve({ error }), complete: () => resolve({ data }) });
  });
}

describe("a 4401 from the gateway, as graphql-ws's client sees it", () => {
  it("is final for that connection, and the next operation reconnects with connectionParams' fresh token", async () => {
    let token = "an-expired-or-unknown-token";
    let connections = 0;
    let retriesAsked = 0;
    const client = createClient({
      url: g.gateway.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 5,
      shouldRetry: () => (retriesAsked++, true),
      connectionParams: () => (connections++, { Authorization: `Bearer ${token}` }),
    });
    try {
      const refused = await run(client);
      expect(refused.error).toMatchObject({ code: 4401 });
      expect([connections, retriesAsked]).toEqual([1, 0]); // no retry, whatever retryAttempts and shouldRetry say

      token = OPERATOR_TOKEN; // e.g. after refreshing the session
      expect(await run(client)).toEqual({ data: { __typename: "Query" } });
      expect(connections).toBe(2);
    } finally {
      await client.dispose();
    }
  });
});
