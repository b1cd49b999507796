/**
 * JWTs against a JWKS this test serves itself (node:http on 127.0.0.1) and
 * against the same keys in a file: one good token, and each way a token can
 * be wrong, refused with 401 UNAUTHENTICATED and no data.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JwtOptions } from "../../src/auth/jwt";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";

const ISSUER = "https://idp.test/";
const AUDIENCE = "cleanrooms-graph";

let jwks: Server;
let jwksUrl: string;
let jwksFetches = 0;
let jwksDown = false;
let signing: { privateKey: CryptoKey; kid: string };
let stranger: { privateKey: CryptoKey; kid: string }; // a key pair the JWKS does not publish
let impostor: { privateKey: CryptoKey }; // signs with the published kid but another key
let published: JWK[];

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return { privateKey, kid, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

const claimGrants: JwtOptions["claimGrants"] = [
  { claim: "groups", value: "advertisers", grants: [{ accounts: [demo.advertiser], actions: ["read"] }] },
  { claim: "groups", value: "publishers", grants: [{ accounts: [demo.publisher], actions: ["read", "run"] }] },
];

function token(
  key: { privateKey: CryptoKey; kid?: string },
  claims: Record<string, unknown> = {},
  o: { issuer?: string; audience?: string; expiresIn?: string | number; subject?: string | null } = {},
) {
  let jwt = new SignJWT({ groups: ["advertisers"], ...claims })
    .setProtectedHeader({ alg: "ES256", ...(key.kid ? { kid: key.kid } : {}) })
    .setIssuer(o.issuer ?? ISSUER)
    .setAudience(o.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? "5m");
  if (o.subject !== null) jwt = jwt.setSubject(o.subject ?? "alice");
  return jwt.sign(key.privateKey);
}

beforeAll(async () => {
  const good = await keyPair("key-1");
  const other = await keyPair("key-2");
  signing = good;
  stranger = other;
  impostor = { privateKey: (await keyPair("key-1")).privateKey };
  published = [good.jwk];
  jwks = createServer((_req, res) => {
    jwksFetches++;
    if (jwksDown) return void res.writeHead(500).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((r) => jwks.close(() => r())));

const accountsQuery = "{ accounts { accountId } }";

function expectUnauthenticated(res: { status: number; text: string }) {
  expect(res.status).toBe(401);
  const body = JSON.parse(res.text) as { data?: unknown; errors: { extensions: { code: string } }[] };
  expect(body).not.toHaveProperty("data");
  expect(body.errors.map((e) => e.extensions.code)).toEqual(["UNAUTHENTICATED"]);
}

for (const source of ["url", "file"] as const) {
  describe(`JWTs verified against a JWKS ${source}`, () => {
    let g: TestGateway;
    beforeAll(async () => {
      let location: Pick<JwtOptions, "jwksUrl" | "jwksFile">;
      if (source === "url") location = { jwksUrl };
      else {
        const file = join(mkdtempSync(join(tmpdir(), "jwks-")), "jwks.json");
        writeFileSync(file, JSON.stringify({ keys: published }));
        location = { jwksFile: file };
      }
      g = await startTestGateway({ jwt: { ...location, issuer: ISSUER, audience: AUDIENCE, claimGrants } });
    });
    afterAll(() => g.close());

    it("accepts a good token and gives it the grants its claims map to", async () => {
      const res = await g.gql<{ accounts: { accountId: string }[] }>(accountsQuery, undefined, { token: await token(signing) });
      expect(res.status).toBe(200);
      expect(res.data!.accounts).toEqual([{ accountId: demo.advertiser }]);
      const both = await g.gql<{ accounts: { accountId: string }[] }>(accountsQuery, undefined, {
        token: await token(signing, { groups: ["publishers", "advertisers", "unmapped"] }),
      });
      expect(both.data!.accounts.map((a) => a.accountId)).toEqual(g.accounts.map((a) => a.accountId).filter((a) => a === demo.advertiser || a === demo.publisher));
    });

    it("gives a good token with no mapped claim an empty graph, not an error", async () => {
      const res = await g.gql(accountsQuery, undefined, { token: await token(signing, { groups: ["unmapped"] }) });
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ accounts: [] });
    });

    it.each([
      ["a wrong issuer", () => token(signing, {}, { issuer: "https://evil.test/" })],
      ["a wrong audience", () => token(signing, {}, { audience: "another-api" })],
      ["an expired token", () => token(signing, {}, { expiresIn: Math.floor(Date.now() / 1000) - 120 })],
      ["an unknown key id", () => token(stranger)],
      ["a bad signature", () => token(impostor as { privateKey: CryptoKey; kid: string })],
      ["a signature by the right kid's impostor, without kid", () => token({ privateKey: impostor.privateKey })],
      ["no subject", () => token(signing, {}, { subject: null })],
      ["a tampered payload", async () => {
        const [h, , s] = (await token(signing)).split(".");
        const payload = Buffer.from(JSON.stringify({ sub: "mallory", groups: ["publishers"], iss: ISSUER, aud: AUDIENCE, exp: 4102444800 })).toString("base64url");
        return `${h}.${payload}.${s}`;
      }],
      ["an unsigned token (alg none)", async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
        return `${enc({ alg: "none" })}.${enc({ sub: "mallory", iss: ISSUER, aud: AUDIENCE, exp: 4102444800, groups: ["advertisers"] })}.`;
      }],
    ])("refuses %s with 401 UNAUTHENTICATED and no data", async (_name, make) => {
      await g.t.resetCalls();
      expectUnauthenticated(await g.post({ query: accountsQuery }, { token: await make() }));
      expect((await g.t.calls()).total).toBe(0);
    });

    it("says an expired token has expired", async () => {
      const res = await g.post({ query: accountsQuery }, { token: await token(signing, {}, { expiresIn: Math.floor(Date.now() / 1000) - 120 }) });
      expect(JSON.parse(res.text).errors[0].message).toMatch(/expired/);
    });

    it("still accepts API keys beside JWTs", async () => {
      expect((await g.gql(accountsQuery)).status).toBe(200);
    });
  });
}

describe("a JWKS that cannot be fetched", () => {
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway({ jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, claimGrants } })));
  afterAll(() => {
    jwksDown = false;
    return g.close();
  });

  it("answers 503 UPSTREAM_ERROR (the token may be fine), not 401", async () => {
    jwksDown = true;
    const before = jwksFetches;
    const res = await g.post({ query: accountsQuery }, { token: await token(signing) });
    expect(jwksFetches).toBeGreaterThan(before);
    expect(res.status).toBe(503);
    const body = JSON.parse(res.text);
    expect(body).not.toHaveProperty("data");
    expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["UPSTREAM_ERROR"]);
    jwksDown = false;
  });
});
