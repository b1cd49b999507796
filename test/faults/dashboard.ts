/**
 * Test support for the fault tests: the dashboard (schema/operations/dashboard.graphql) and what it must answer
 * when one federated account is down, derived from a fault-free answer of the same operation and from the demo
 * scenario (which collaborations the other accounts can see), never pasted from a response.
 */
import { expect } from "vitest";
import { DashboardDocument, type DashboardQuery } from "../../schema/generated/graphql";
import type { GraphQLResponse, TestGateway } from "../support/gateway";
import { federatedIds, visibleCollaborations } from "../graph/demo-world";

export type Dashboard = DashboardQuery;

export const dashboard = (g: TestGateway): Promise<GraphQLResponse<Dashboard>> => g.gql(DashboardDocument);

/** A fault-free dashboard: no error, every account available. */
export async function cleanDashboard(g: TestGateway): Promise<Dashboard> {
  const res = await dashboard(g);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data!.accounts.map((a) => a.status)).toEqual(federatedIds.map(() => "AVAILABLE"));
  return res.data!;
}

/**
 * The dashboard with `down` unavailable: that account UNAVAILABLE with no memberships, the collaborations only it
 * sees missing, everything else exactly as in the fault-free answer (members, payers and change requests are read
 * through another account that sees the collaboration).
 */
export function withAccountDown(clean: Dashboard, down: string): Dashboard {
  const up = federatedIds.filter((a) => a !== down);
  const seenByUp = new Set(
    visibleCollaborations.filter((c) => c.members.some((m) => up.includes(m.accountId) && (m.status === "ACTIVE" || m.status === "INVITED"))).map((c) => c.id),
  );
  return {
    accounts: clean.accounts.map((a) => (a.accountId === down ? { ...a, status: "UNAVAILABLE" as Dashboard["accounts"][number]["status"], memberships: { nodes: [] } } : a)),
    collaborations: { nodes: clean.collaborations.nodes.filter((c) => seenByUp.has(c.id)) },
  };
}

/**
 * The answer with `down` unavailable: exactly the expected partial data and one ACCOUNT_UNAVAILABLE naming it, and
 * `region`, the region its Clean Rooms calls failed in (the demo accounts have one).
 */
export function expectAccountDown(res: GraphQLResponse<Dashboard>, clean: Dashboard, down: string, region: string): void {
  expect(res.status).toBe(200);
  expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: "ACCOUNT_UNAVAILABLE", accountId: down, region }]);
  expect(res.data).toEqual(withAccountDown(clean, down));
}

/** Sets the emulator's fault rules (replacing the active ones; [] clears). */
export const setFaults = (g: TestGateway, rules: Record<string, unknown>[]): Promise<unknown> => g.t.control("POST", "/_emulator/faults", { rules });

/** GET /healthz: each account's standing state. */
export async function health(g: TestGateway): Promise<Record<string, string>> {
  const res = await fetch(g.gateway.url.replace(/\/graphql$/, "/healthz"));
  const body = (await res.json()) as { accounts: { accountId: string; state: string }[] };
  return Object.fromEntries(body.accounts.map((a) => [a.accountId, a.state]));
}
