/**
 * An unexpected error (a bug, simulated by a plugin that throws while a
 * field resolves, with internals in its message) reaches the caller as
 * INTERNAL_SERVER_ERROR with a correlation id and nothing else; the log gets
 * the error itself under that id.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServerPlugin } from "@apollo/server";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GraphContext } from "../../src/graph/context";
import { httpErrors } from "../../src/server/http-errors";
import { requestScope } from "../../src/server/request-id";
import { startTestGateway, type TestGateway } from "../support/gateway";

const SECRET = "role arn:aws:iam::111111111111:role/CleanRoomsGraphGateway said AKIAEXAMPLEEXAMPLE12";
const logged: { id: string; error: unknown }[] = [];

/** Breaks the `alias` field of Account, like a bug in its resolver would. */
const breakAlias: ApolloServerPlugin<GraphContext> = {
  async requestDidStart() {
    return {
      async executionDidStart() {
        return {
          willResolveField({ info }) {
            if (info.parentType.name === "Account" && info.fieldName === "alias") throw new Error(`boom: ${SECRET}`);
          },
        };
      },
    };
  },
};

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway({ plugins: [breakAlias], log: (id, error) => logged.push({ id, error }) })));
afterAll(() => g.close());

it("shows the caller only INTERNAL_SERVER_ERROR and the request's correlation id, and logs the details under it", async () => {
  const raw = await g.post({ query: "{ accounts { accountId alias } }" });
  const res = { text: raw.text, ...(JSON.parse(raw.text) as { errors?: { message: string; extensions?: Record<string, unknown> }[] }) };
  expect(res.text).not.toMatch(/boom|CleanRoomsGraphGateway|AKIA/);
  expect(res.errors!.length).toBeGreaterThan(0);
  for (const e of res.errors!) {
    expect(Object.keys(e.extensions!).sort()).toEqual(["code", "correlationId"]);
    expect(e.extensions!.code).toBe("INTERNAL_SERVER_ERROR");
    expect(e.message).toBe(`Internal server error (correlation id ${e.extensions!.correlationId}).`);
    expect(Object.keys(e).sort()).toEqual(["extensions", "message", "path"]);
    const entry = logged.find((l) => l.id === e.extensions!.correlationId);
    expect(entry, "the log has the error under the caller's correlation id").toBeDefined();
    expect(String((entry!.error as Error).message)).toContain(SECRET);
  }
  // One id per request: the one the response's x-request-id names, which every log line of the request carries too.
  expect(new Set(res.errors!.map((e) => e.extensions!.correlationId))).toEqual(new Set([raw.headers.get("x-request-id")]));
  expect(logged.filter((l) => l.id === raw.headers.get("x-request-id"))).toHaveLength(res.errors!.length);
});

it("masks an error in the HTTP layer the same way (no express HTML page, no stack)", async () => {
  // A body in an encoding the gateway does not read: refused inside express, before GraphQL.
  const res = await g.post("{}", { headers: { "content-encoding": "br-unknown" } });
  expect(res.status).toBe(415);
  expect(JSON.parse(res.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
});

it("an unexpected error in the HTTP layer is masked under the request's own id: correlationId equals x-request-id", async () => {
  // The gateway's HTTP layer as server.ts assembles it (request ids first, the error handler last) around a bug.
  const app = express();
  const errors: { id: string; error: unknown }[] = [];
  app.use(requestScope);
  app.post("/graphql", () => {
    throw new Error(`boom: ${SECRET}`);
  });
  app.use(httpErrors((id, error) => errors.push({ id, error })));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    for (const given of [undefined, "client-chosen-id-7f3a"]) {
      const res = await fetch(url, { method: "POST", headers: given ? { "x-request-id": given } : {} });
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).not.toMatch(/boom|CleanRoomsGraphGateway|AKIA/);
      const [e] = (JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors;
      const id = res.headers.get("x-request-id");
      if (given) expect(id).toBe(given);
      expect(e.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR", correlationId: id });
      expect(e.message).toBe(`Internal server error (correlation id ${id}).`);
      expect(errors.filter((l) => l.id === id).map((l) => String((l.error as Error).message))).toEqual([`boom: ${SECRET}`]);
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
