/**
 * Credential refresh over the emulator's clock: the gateway keeps each
 * account's assumed-role credentials across requests and assumes the role
 * again once per lifetime (ahead of expiry), never once per request, and no
 * request fails however far the clock moves between requests.
 */
import { describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { federatedIds, membershipsOf } from "./demo-world";

/** Touches every federated account (memberships, collaborations, runs). */
const WIDE = `{
  accounts { accountId status memberships { nodes { id protectedQueries(first: 1) { nodes { id } } } } }
  collaborations { nodes { id members { accountId } } }
}`;

async function answers(g: TestGateway): Promise<void> {
  const res = await g.gql(WIDE);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const accounts = (res.data as any).accounts as { accountId: string; status: string; memberships: { nodes: unknown[] } }[];
  for (const a of accounts) {
    expect(a.status).toBe("AVAILABLE");
    expect(a.memberships.nodes).toHaveLength(membershipsOf(a.accountId).length);
  }
}

const assumeRoles = async (g: TestGateway): Promise<number> => (await g.t.calls()).byOperation.AssumeRole ?? 0;

describe.each([120, 900])("credentials that live %i seconds", (lifetimeSeconds) => {
  const lifetimeMs = lifetimeSeconds * 1000;

  it("are assumed once per account and reused by every request within their lifetime", async () => {
    const g = await startTestGateway({ emulator: { credentialLifetimeSeconds: lifetimeSeconds } });
    try {
      for (let i = 0; i < 5; i++) await answers(g);
      expect(await assumeRoles(g)).toBe(federatedIds.length);
      // Still well within the lifetime (refresh never comes before half of it).
      await g.t.advance(lifetimeMs / 4);
      for (let i = 0; i < 3; i++) await answers(g);
      expect(await assumeRoles(g)).toBe(federatedIds.length);
    } finally {
      await g.close();
    }
  });

  it("are assumed again once per lifetime when the clock jumps past several lifetimes between requests", async () => {
    const g = await startTestGateway({ emulator: { credentialLifetimeSeconds: lifetimeSeconds } });
    try {
      await answers(g);
      for (let lifetimes = 1; lifetimes <= 4; lifetimes++) {
        await g.t.advance(lifetimeMs * 2 + 1_000);
        // Several requests per jump: only the first assumes the roles again.
        for (let i = 0; i < 3; i++) await answers(g);
        expect(await assumeRoles(g), `after jump ${lifetimes}`).toBe(federatedIds.length * (lifetimes + 1));
      }
    } finally {
      await g.close();
    }
  });

  it("are refreshed ahead of expiry while requests keep coming, never once per request", async () => {
    const g = await startTestGateway({ emulator: { credentialLifetimeSeconds: lifetimeSeconds } });
    try {
      const step = lifetimeMs / 8;
      const steps = 48;
      await answers(g);
      for (let i = 0; i < steps; i++) {
        await g.t.advance(step);
        await answers(g);
      }
      const elapsed = step * steps;
      // Each account refreshes on its own jittered schedule, so only the total is known: every account's credentials
      // are replaced before they expire (at least once per lifetime), but not before half of their lifetime has passed.
      const total = await assumeRoles(g);
      const n = federatedIds.length;
      expect(total).toBeGreaterThanOrEqual(n * (1 + Math.floor(elapsed / lifetimeMs)));
      expect(total).toBeLessThanOrEqual(n * (1 + Math.ceil(elapsed / (lifetimeMs / 2))));
      expect(total, "not once per request").toBeLessThan(n * (steps + 1));
    } finally {
      await g.close();
    }
  });
});
