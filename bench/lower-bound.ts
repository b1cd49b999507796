/**
 * The fewest Clean Rooms calls that can answer the dashboard
 * (schema/operations/dashboard.graphql), and the longest chain of calls that
 * depend on each other, computed from a scenario — not measured.
 *
 * What the dashboard selects, and the read each part needs (AWS has no batch
 * or cross-account reads, and a membership and its runs are listed only by the
 * account that holds it):
 *
 *   accounts.memberships(first: 100)     ListMemberships, once per federated account (its first page:
 *                                        up to 100, which is all the dashboard shows)
 *     .collaboration { id name }         nothing more: in the membership summary
 *     .protectedQueries(first: 10)       ListProtectedQueries, once per membership shown (one page of 10)
 *     .protectedJobs(first: 10)          ListProtectedJobs, likewise
 *     runs' payer / receivers            the members of the membership's collaboration (ListMembers, below)
 *   collaborations(first: 100)           ListCollaborations, every page, once per federated account (the
 *                                        merged list is sorted newest first across accounts: every page
 *                                        of every account is needed before the first 100 are known)
 *     .members, payerCandidates,
 *      defaultPayer, approvals' and
 *      changes' members                  ListMembers, every page, once per collaboration shown or holding a
 *                                        shown membership with a run
 *     .changeRequests(status: PENDING)   ListCollaborationChangeRequests, once per collaboration shown
 *                                        (status filter in AWS, first 100: one page)
 *     name, engine, creatorDisplayName   nothing more: in the collaboration summary
 *
 * So, with F federated accounts, P_a = max(1, ceil(visible_a / 100)) pages of
 * account a's ListCollaborations, S the collaborations shown (the first 100
 * of the merged list), R the shown memberships with a run, M_c =
 * max(1, ceil(members_c / 100)) and N the shown memberships:
 *
 *   bound = F + Σ_a P_a + Σ_{c ∈ S ∪ coll(R)} M_c + |S| + 2·N
 *
 * The critical path, with unlimited parallelism and credentials warm: a
 * membership's runs need its holder (ListMemberships first), a
 * collaboration's members and requests need it to be known and a reader
 * (ListCollaborations, every page, since the merged order needs them all;
 * ListMembers then pages one after another):
 *
 *   depth = max(1 + 1, max_a P_a + max_c M_c)      (2 when every list is one page)
 */
import type { Scenario } from "../src/emulator/scenario";

/** AWS's largest page, which the gateway asks for when it needs a whole list. */
export const FULL_PAGE = 100;
/** The dashboard's `first` on memberships and collaborations. */
export const SHOWN = 100;
/** The dashboard's `first` on protectedQueries and protectedJobs. */
export const RECENT_RUNS = 10;

type Collab = Scenario["collaborations"][number];

export interface ShownMembership {
  id: string;
  accountId: string;
  collaboration: Collab;
  member: Collab["members"][number];
}

/** Who can read what in a scenario, as AWS scopes it, and what the dashboard shows. */
export function world(s: Scenario) {
  const federated = s.accounts.filter((a) => a.federated).map((a) => a.accountId);
  const isFederated = (accountId: string) => federated.includes(accountId);
  // AWS shows a collaboration (ListCollaborations, ListMembers, change requests) to its invited and active members only.
  const reads = (c: Collab, accountId: string) => c.members.some((m) => m.accountId === accountId && (m.status === "INVITED" || m.status === "ACTIVE"));
  const collaborationsOf = (accountId: string) => s.collaborations.filter((c) => reads(c, accountId));
  const visible = s.collaborations.filter((c) => federated.some((a) => reads(c, a)));
  // The gateway's merge order: newest first, then by id.
  const shown = [...visible].sort((a, b) => Date.parse(b.createTime) - Date.parse(a.createTime) || a.id.localeCompare(b.id)).slice(0, SHOWN);
  // ListMemberships' order (emulator and AWS): newest first, then by id; a membership is as old as its collaboration here.
  const membershipsOf = (accountId: string): ShownMembership[] =>
    s.collaborations
      .flatMap((c) => c.members.filter((m) => m.membershipId && m.accountId === accountId).map((m) => ({ id: m.membershipId!, accountId, collaboration: c, member: m })))
      .sort((a, b) => Date.parse(b.collaboration.createTime) - Date.parse(a.collaboration.createTime) || a.id.localeCompare(b.id))
      .slice(0, SHOWN);
  const memberships = federated.flatMap(membershipsOf);
  const runsOf = (membershipId: string) => ({
    queries: s.protectedQueries.filter((q) => q.membershipId === membershipId),
    jobs: s.protectedJobs.filter((j) => j.membershipId === membershipId),
  });
  return { federated, isFederated, reads, collaborationsOf, visible, shown, membershipsOf, memberships, runsOf };
}

const pages = (n: number) => Math.max(1, Math.ceil(n / FULL_PAGE));

/** The collaborations whose members the dashboard needs: those shown, and those of shown memberships with a run. */
export function memberListsNeeded(s: Scenario): Collab[] {
  const w = world(s);
  const needed = new Map(w.shown.map((c) => [c.id, c]));
  for (const m of w.memberships) {
    const runs = w.runsOf(m.id);
    if (runs.queries.length + runs.jobs.length > 0) needed.set(m.collaboration.id, m.collaboration);
  }
  return [...needed.values()];
}

/** The lower bound per operation (the module comment derives it). */
export function dashboardLowerBound(s: Scenario): Record<string, number> {
  const w = world(s);
  const bound: Record<string, number> = {
    ListMemberships: w.federated.length,
    ListCollaborations: w.federated.reduce((n, a) => n + pages(w.collaborationsOf(a).length), 0),
    ListMembers: memberListsNeeded(s).reduce((n, c) => n + pages(c.members.length), 0),
    ListCollaborationChangeRequests: w.shown.length,
    ListProtectedQueries: w.memberships.length,
    ListProtectedJobs: w.memberships.length,
  };
  return Object.fromEntries(Object.entries(bound).filter(([, n]) => n > 0));
}

export const total = (ops: Record<string, number>): number => Object.values(ops).reduce((a, b) => a + b, 0);

/** The longest chain of calls that wait on each other (see the module comment). */
export function dashboardCriticalPathDepth(s: Scenario): number {
  const w = world(s);
  const collabPages = Math.max(0, ...w.federated.map((a) => pages(w.collaborationsOf(a).length)));
  const memberPages = Math.max(0, ...memberListsNeeded(s).map((c) => pages(c.members.length)));
  const runs = w.memberships.length > 0 ? 2 : 1;
  return Math.max(runs, collabPages + Math.max(memberPages, w.shown.length > 0 ? 1 : 0), w.federated.length > 0 ? 1 : 0);
}
