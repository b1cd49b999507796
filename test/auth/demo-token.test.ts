/** Demo mode's one token: random per start (and printed) or CLEANROOMS_GRAPH_DEV_TOKEN (not printed), on 127.0.0.1 only. */
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { demoToken, demoTokenBanner, DemoTokenError, DEV_TOKEN_ENV } from "../../src/auth/demo-token";
import { DEMO_HOST, startDemo } from "../../src/demo";
import { startGateway } from "../../src/app";
import { silentLogger } from "../../src/log/logger";

describe("the demo token", () => {
  it("is random at each start when CLEANROOMS_GRAPH_DEV_TOKEN is not set, and printed", () => {
    const a = demoToken({});
    const b = demoToken({ [DEV_TOKEN_ENV]: "" });
    expect(a.fromEnv).toBe(false);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(b.token).not.toBe(a.token);
    expect(demoTokenBanner(a, "http://127.0.0.1:4000/graphql").join("\n")).toContain(a.token);
  });

  it("is CLEANROOMS_GRAPH_DEV_TOKEN when set, and then not printed", () => {
    const t = demoToken({ [DEV_TOKEN_ENV]: "my-dev-token-0123456789" });
    expect(t).toEqual({ token: "my-dev-token-0123456789", fromEnv: true });
    const banner = demoTokenBanner(t, "http://127.0.0.1:4000/graphql").join("\n");
    expect(banner).toContain(DEV_TOKEN_ENV);
    expect(banner).not.toContain(t.token);
  });

  it("refuses a CLEANROOMS_GRAPH_DEV_TOKEN too short or not usable as a bearer token", () => {
    expect(() => demoToken({ [DEV_TOKEN_ENV]: "short" })).toThrow(DemoTokenError);
    expect(() => demoToken({ [DEV_TOKEN_ENV]: "has spaces in it, sixteen+" })).toThrow(DemoTokenError);
  });
});

describe("demo mode", () => {
  for (const fromEnv of [false, true]) {
    it(`accepts its ${fromEnv ? "environment" : "random"} token and nothing else, on 127.0.0.1 only`, async () => {
      const token = demoToken(fromEnv ? { [DEV_TOKEN_ENV]: "dev-token-from-the-environment" } : {});
      const demo = await startDemo({ port: 0 }, token.token);
      const gateway = await startGateway({ host: DEMO_HOST, port: 0, accounts: demo.accounts, aws: demo.aws, ...demo.guard, logger: silentLogger, log: () => {} });
      try {
        expect((gateway.server.address() as AddressInfo).address).toBe("127.0.0.1");
        expect(new URL(demo.emulator.url).hostname).toBe("127.0.0.1");
        const ask = (t: string | null, query = "{ accounts { accountId } }") =>
          fetch(gateway.url, {
            method: "POST",
            headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
            body: JSON.stringify({ query }),
          });
        const ok = await ask(token.token);
        expect(ok.status).toBe(200);
        expect(((await ok.json()) as { data: { accounts: unknown[] } }).data.accounts).toHaveLength(demo.accounts.length);
        for (const other of [null, "dev-token-from-the-environmenT", demoToken({}).token]) expect((await ask(other)).status).toBe(401);
        // Introspection and suggestions are on in demo mode.
        expect((await ask(token.token, "{ __schema { queryType { name } } }")).status).toBe(200);
      } finally {
        await gateway.close();
        await demo.emulator.close();
      }
    });
  }
});
