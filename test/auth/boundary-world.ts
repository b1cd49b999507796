/**
 * The demo scenario as the boundary tests see it: which collaborations,
 * memberships, change requests and runs each account can reach, computed
 * from demo.json by Clean Rooms' rules (an account sees a collaboration it
 * is a member of, holds the membership listed for it, and reads runs only
 * through a membership it holds), never from a gateway response.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Grant } from "../../src/auth/grants";
import { demo } from "../support/emulator";
import type { TestPrincipal } from "../support/gateway";

interface ScenarioMember { accountId: string; membershipId?: string }
interface Scenario {
  accounts: { accountId: string; federated: boolean }[];
  collaborations: { id: string; creatorAccountId: string; members: ScenarioMember[]; changeRequests?: { id: string }[] }[];
  protectedQueries: { id: string; membershipId: string }[];
  protectedJobs: { id: string; membershipId: string }[];
}

export const scenario = JSON.parse(readFileSync(join(__dirname, "../../src/emulator/scenarios/demo.json"), "utf8")) as Scenario;

export const federated = scenario.accounts.filter((a) => a.federated).map((a) => a.accountId);
export const allAccounts = scenario.accounts.map((a) => a.accountId);
export const memberships = scenario.collaborations.flatMap((c) =>
  c.members.filter((m) => m.membershipId).map((m) => ({ id: m.membershipId!, accountId: m.accountId, collaborationId: c.id })),
);
export const changeRequests = scenario.collaborations.flatMap((c) => (c.changeRequests ?? []).map((r) => ({ id: r.id, collaborationId: c.id })));
export const runs = [
  ...scenario.protectedQueries.map((q) => ({ kind: "protectedQuery" as const, ...q })),
  ...scenario.protectedJobs.map((j) => ({ kind: "protectedJob" as const, ...j })),
];

export const sees = (accounts: readonly string[], collaborationId: string) =>
  scenario.collaborations.find((c) => c.id === collaborationId)!.members.some((m) => accounts.includes(m.accountId));
export const holds = (accounts: readonly string[], membershipId: string) =>
  memberships.some((m) => m.id === membershipId && accounts.includes(m.accountId));

/** Two principals whose grants differ: one reads the advertiser's account, the other acts in the analytics account. */
export const advertiserReader: TestPrincipal & { accounts: string[] } = {
  token: "advertiser-reader-token-5e2c1f",
  name: "advertiser-reader",
  grants: [{ accounts: [demo.advertiser], actions: ["read"] }] as Grant[],
  accounts: [demo.advertiser],
};
export const analyticsActor: TestPrincipal & { accounts: string[] } = {
  token: "analytics-actor-token-8d7a30",
  name: "analytics-actor",
  grants: [{ accounts: [demo.analytics], actions: ["read", "vote", "commit", "run"] }] as Grant[],
  accounts: [demo.analytics],
};
export const principals = [advertiserReader, analyticsActor];
