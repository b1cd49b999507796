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
 * Clean Rooms is regional, and every federated account is read in every
 * region the scenario serves (bench/processes.ts configures each account with
 * all of them): an account's own lists (ListMemberships, ListCollaborations)
 * are read once per account AND region, since AWS lists only the region the
 * request is signed for; a membership's runs are listed in its
 * collaboration's region by its holder; a collaboration's members and
 * requests in its region by one reader. Collaboration and membership ids are
 * distinct across regions, so nothing else changes. A "place" below is an
 * account in a region.
 *
 * So, with F federated accounts and R regions (F·R places), L_a the places
 * of account a that the dashboard's `memberships(first: 100)` reads (its
 * regions in order until 100 memberships are shown: all R unless one region
 * alone fills the page), P_{a,r} = max(1, ceil(visible_{a,r} / 100)) pages
 * of ListCollaborations at place (a, r), S the collaborations shown (the
 * first 100 of the merged list, across regions), R_m the shown memberships
 * with a run, M_c = max(1, ceil(members_c / 100)) and N the shown
 * memberships:
 *
 *   bound = Σ_a L_a + Σ_{a,r} P_{a,r} + Σ_{c ∈ S ∪ coll(R_m)} M_c + |S| + 2·N
 *
 * (with one region: F + Σ_a P_a + ..., as before). `dashboardLowerBoundByRegion`
 * splits it by region, which the emulator's call counts (`byRegion`) can be
 * held to.
 *
 * The critical path, with unlimited parallelism and credentials warm (every
 * place read at once: the regions of an account do not wait on each other): a
 * membership's runs need its holder (ListMemberships first), a
 * collaboration's members and requests need it to be known and a reader
 * (ListCollaborations, every page at every place, since the merged order
 * needs them all; ListMembers then pages one after another):
 *
 *   depth = max(1 + 1, max_{a,r} P_{a,r} + max_c M_c)      (2 when every list is one page)
 */
import { collaborationRegion, scenarioRegions, type Scenario } from "../src/emulator/scenario";

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
  /** Its collaboration's region: where it and its runs are listed. */
  region: string;
  collaboration: Collab;
  member: Collab["members"][number];
}

/**
 * Who can read what in a scenario, as AWS scopes it, and what the dashboard shows. Every federated account is read in
 * every region the scenario serves (its own first, as the emulator's `/_emulator/scenario` lists them).
 */
export function world(s: Scenario) {
  const federated = s.accounts.filter((a) => a.federated).map((a) => a.accountId);
  const regions = scenarioRegions(s);
  const regionOf = (c: Collab) => collaborationRegion(s, c);
  const isFederated = (accountId: string) => federated.includes(accountId);
  // AWS shows a collaboration (ListCollaborations, ListMembers, change requests) to its invited and active members only.
  const reads = (c: Collab, accountId: string) => c.members.some((m) => m.accountId === accountId && (m.status === "INVITED" || m.status === "ACTIVE"));
  /** What ListCollaborations shows the account: in one region, or (region left out) in all of them. */
  const collaborationsOf = (accountId: string, region?: string) => s.collaborations.filter((c) => reads(c, accountId) && (region === undefined || regionOf(c) === region));
  const visible = s.collaborations.filter((c) => federated.some((a) => reads(c, a)));
  // The gateway's merge order: newest first, then by id (across accounts and regions).
  const shown = [...visible].sort((a, b) => Date.parse(b.createTime) - Date.parse(a.createTime) || a.id.localeCompare(b.id)).slice(0, SHOWN);
  // ListMemberships' order in one region (emulator and AWS): newest first, then by id; a membership is as old as its collaboration here.
  const membershipsIn = (accountId: string, region: string): ShownMembership[] =>
    s.collaborations
      .filter((c) => regionOf(c) === region)
      .flatMap((c) => c.members.filter((m) => m.membershipId && m.accountId === accountId).map((m) => ({ id: m.membershipId!, accountId, region, collaboration: c, member: m })))
      .sort((a, b) => Date.parse(b.collaboration.createTime) - Date.parse(a.collaboration.createTime) || a.id.localeCompare(b.id));
  /** The account's first page of memberships across its regions, merged newest first (ties by id), as the gateway pages them. */
  const membershipsOf = (accountId: string): ShownMembership[] =>
    regions
      .flatMap((r) => membershipsIn(accountId, r))
      .sort((a, b) => Date.parse(b.collaboration.createTime) - Date.parse(a.collaboration.createTime) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, SHOWN);
  /** The regions that first page reads: every one (the newest memberships may be in any of them). */
  const membershipRegionsRead = (_accountId: string): string[] => regions;
  const memberships = federated.flatMap(membershipsOf);
  const runsOf = (membershipId: string) => ({
    queries: s.protectedQueries.filter((q) => q.membershipId === membershipId),
    jobs: s.protectedJobs.filter((j) => j.membershipId === membershipId),
  });
  return { federated, regions, regionOf, isFederated, reads, collaborationsOf, visible, shown, membershipsIn, membershipsOf, membershipRegionsRead, memberships, runsOf };
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

/** The lower bound per region and operation (the module comment derives it): what each region's endpoint must answer. */
export function dashboardLowerBoundByRegion(s: Scenario): Record<string, Record<string, number>> {
  const w = world(s);
  const needed = memberListsNeeded(s);
  const out: Record<string, Record<string, number>> = {};
  for (const r of w.regions) {
    const inRegion = (c: Collab) => w.regionOf(c) === r;
    const memberships = w.memberships.filter((m) => m.region === r).length;
    const bound: Record<string, number> = {
      ListMemberships: w.federated.filter((a) => w.membershipRegionsRead(a).includes(r)).length,
      ListCollaborations: w.federated.reduce((n, a) => n + pages(w.collaborationsOf(a, r).length), 0),
      ListMembers: needed.filter(inRegion).reduce((n, c) => n + pages(c.members.length), 0),
      ListCollaborationChangeRequests: w.shown.filter(inRegion).length,
      ListProtectedQueries: memberships,
      ListProtectedJobs: memberships,
    };
    out[r] = Object.fromEntries(Object.entries(bound).filter(([, n]) => n > 0));
  }
  return out;
}

/** The lower bound per operation, all regions together (the module comment derives it). */
export function dashboardLowerBound(s: Scenario): Record<string, number> {
  const bound: Record<string, number> = {};
  for (const ops of Object.values(dashboardLowerBoundByRegion(s))) for (const [op, n] of Object.entries(ops)) bound[op] = (bound[op] ?? 0) + n;
  const order = ["ListMemberships", "ListCollaborations", "ListMembers", "ListCollaborationChangeRequests", "ListProtectedQueries", "ListProtectedJobs"];
  return Object.fromEntries(order.filter((op) => bound[op] > 0).map((op) => [op, bound[op]]));
}

export const total = (ops: Record<string, number>): number => Object.values(ops).reduce((a, b) => a + b, 0);

/** The longest chain of calls that wait on each other, every place read at once (see the module comment). */
export function dashboardCriticalPathDepth(s: Scenario): number {
  const w = world(s);
  const collabPages = Math.max(0, ...w.federated.flatMap((a) => w.regions.map((r) => pages(w.collaborationsOf(a, r).length))));
  const memberPages = Math.max(0, ...memberListsNeeded(s).map((c) => pages(c.members.length)));
  const runs = w.memberships.length > 0 ? 2 : 1;
  return Math.max(runs, collabPages + Math.max(memberPages, w.shown.length > 0 ? 1 : 0), w.federated.length > 0 ? 1 : 0);
}
