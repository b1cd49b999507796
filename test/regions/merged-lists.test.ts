/**
 * Lists merged across two regions of one account come newest first with a stable tie-break, and every id stays
 * unique (issue 16). Over the wire: the demo world with Publisher audience insights (the newest collaboration) in
 * eu-west-1, so that reading an account's regions one after the other would put it last; expected orders come from
 * the scenario. And regionPage itself (loaders.ts), the merge of one account's regional pages, on plain data: ties,
 * pages cut mid-way, a region that needs a second AWS page, a region that is down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collaborationRegion } from "../../src/emulator/scenario";
import { AccountDown } from "../../src/federation/account-health";
import { regionPage, type PageResult } from "../../src/graph/loaders";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { HOME, SECOND, twoRegionScenario } from "../support/two-regions";

const scenario = twoRegionScenario();
const time = (iso: string) => Date.parse(iso);
const byNewest = (a: { time: number; id: string }, b: { time: number; id: string }) => b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** An account's memberships, newest first (a membership dates from its collaboration in the emulator), ties by id. */
const membershipsNewestFirst = (accountId: string) =>
  scenario.collaborations
    .flatMap((c) => c.members.filter((m) => m.accountId === accountId && m.membershipId).map((m) => ({ id: m.membershipId!, time: time(c.createTime), region: collaborationRegion(scenario, c) })))
    .sort(byNewest);

describe("over two regions, through the graph", () => {
  let g: TestGateway;
  beforeAll(async () => (g = await startTestGateway({ emulator: { scenario } })));
  afterAll(() => g.close());

  const MEMBERSHIPS = `query($a: String!, $first: Int, $after: String) { account(accountId: $a) { memberships(first: $first, after: $after) { nodes { id nodeId } pageInfo { hasNextPage endCursor } } } }`;
  type Page = { account: { memberships: { nodes: { id: string; nodeId: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };

  for (const accountId of [demo.publisher, demo.advertiser]) {
    it(`${accountId}'s memberships: newest first across both regions, on one page and page by page`, async () => {
      const expected = membershipsNewestFirst(accountId);
      // The second region holds the newest: reading the regions one after the other would not give this order.
      expect(new Set(expected.map((m) => m.region))).toEqual(new Set([HOME, SECOND]));
      expect(expected[0].region).toBe(SECOND);
      const whole = await g.gql<Page>(MEMBERSHIPS, { a: accountId });
      expect(whole.errors).toBeUndefined();
      expect(whole.data!.account.memberships.nodes.map((n) => n.id)).toEqual(expected.map((m) => m.id));
      for (const first of [1, 2]) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let page = 0; page <= expected.length; page++) {
          const res: { data?: Page | null; errors?: unknown } = await g.gql<Page>(MEMBERSHIPS, { a: accountId, first, after });
          expect(res.errors).toBeUndefined();
          const { nodes, pageInfo } = res.data!.account.memberships;
          expect(nodes.length).toBeLessThanOrEqual(first);
          seen.push(...nodes.map((n) => n.id));
          if (!pageInfo.hasNextPage) break;
          after = pageInfo.endCursor;
        }
        expect(seen, `first: ${first}`).toEqual(expected.map((m) => m.id));
      }
    });
  }

  it("collaborations and the approvals inbox: newest first across regions, ties by id, every global id once", async () => {
    const res = await g.gql<{
      collaborations: { nodes: { id: string; nodeId: string; createTime: string; region: string }[] };
      accounts: { memberships: { nodes: { nodeId: string }[] } }[];
      pendingApprovals: { nodes: { id: string; createTime: string; changeRequest: { id: string } }[] };
    }>(`{
      collaborations { nodes { id nodeId createTime region } }
      accounts { memberships { nodes { nodeId } } }
      pendingApprovals { nodes { id createTime changeRequest { id } } }
    }`);
    expect(res.errors).toBeUndefined();
    const collaborations = res.data!.collaborations.nodes;
    expect(new Set(collaborations.map((c) => c.region))).toEqual(new Set([HOME, SECOND]));
    expect(collaborations.map((c) => c.id)).toEqual([...collaborations].map((c) => ({ id: c.id, time: time(c.createTime) })).sort(byNewest).map((c) => c.id));
    const requests = res.data!.pendingApprovals.nodes;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.map((r) => r.changeRequest.id)).toEqual(requests.map((r) => ({ id: r.changeRequest.id, time: time(r.createTime) })).sort(byNewest).map((r) => r.id));
    const ids = [...collaborations.map((c) => c.nodeId), ...res.data!.accounts.flatMap((a) => a.memberships.nodes.map((m) => m.nodeId)), ...requests.map((r) => r.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("regionPage: one account's regional pages merged", () => {
  interface Item {
    id: string;
    createTime: Date;
  }
  const item = (id: string, iso: string): Item => ({ id, createTime: new Date(iso) });
  /** Each region's list as AWS gives it (newest first, ties by id), paged by an offset token; every read recorded. */
  function lists(byRegion: Record<string, Item[]>, failing: readonly string[] = []) {
    const reads: string[] = [];
    const read = async (region: string | undefined, maxResults: number, nextToken: string | undefined): Promise<PageResult<Item>> => {
      reads.push(`${region}@${nextToken ?? 0}/${maxResults}`);
      if (failing.includes(region!)) throw new AccountDown("111111111111", undefined, undefined, region);
      const from = Number(nextToken ?? 0);
      const all = byRegion[region!];
      return { items: all.slice(from, from + maxResults), nextToken: from + maxResults < all.length ? String(from + maxResults) : undefined };
    };
    return { read, reads };
  }
  const us = [item("u3", "2026-05-01T00:00:00Z"), item("u2", "2026-03-01T00:00:00Z"), item("a1", "2026-02-01T00:00:00Z"), item("u1", "2026-01-01T00:00:00Z")];
  const eu = [item("e2", "2026-04-01T00:00:00Z"), item("b1", "2026-02-01T00:00:00Z"), item("e1", "2025-12-01T00:00:00Z")];
  const merged = ["u3", "e2", "u2", "a1", "b1", "u1", "e1"]; // a1 and b1 were created at the same instant: by id

  async function pageThrough(read: ReturnType<typeof lists>["read"], size: number) {
    const ids: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const p = await regionPage(["us-east-1", "eu-west-1"], size, token, read);
      expect(p.items.length).toBeLessThanOrEqual(size);
      ids.push(...p.items.map((x) => x.id));
      if (!p.nextToken) return ids;
      token = p.nextToken;
    }
    throw new Error("the list never ended");
  }

  it("gives the regions' items newest first, ties by id, whatever the page size; each region read once for one whole page", async () => {
    const one = lists({ "us-east-1": us, "eu-west-1": eu });
    expect((await regionPage(["us-east-1", "eu-west-1"], 100, undefined, one.read)).items.map((x) => x.id)).toEqual(merged);
    expect(one.reads).toEqual(["us-east-1@0/100", "eu-west-1@0/100"]);
    for (const size of [1, 2, 3, 5]) expect(await pageThrough(lists({ "us-east-1": us, "eu-west-1": eu }).read, size), `pages of ${size}`).toEqual(merged);
  });

  it("reads a region's next page before choosing when its page ran out (it may hold newer items)", async () => {
    const { read, reads } = lists({ "us-east-1": us, "eu-west-1": eu });
    const p = await regionPage(["us-east-1", "eu-west-1"], 3, undefined, read);
    expect(p.items.map((x) => x.id)).toEqual(["u3", "e2", "u2"]);
    expect(reads).toEqual(["us-east-1@0/3", "eu-west-1@0/3"]);
  });

  it("passes over a region that is down, and fails only when every region is", async () => {
    expect(await pageThrough(lists({ "us-east-1": us, "eu-west-1": eu }, ["eu-west-1"]).read, 2)).toEqual(us.map((x) => x.id));
    await expect(regionPage(["us-east-1", "eu-west-1"], 2, undefined, lists({ "us-east-1": us, "eu-west-1": eu }, ["us-east-1", "eu-west-1"]).read)).rejects.toBeInstanceOf(AccountDown);
  });

  it("sends a token that is not its own to the first region as it is (for AWS to refuse)", async () => {
    const { read, reads } = lists({ "us-east-1": us, "eu-west-1": eu });
    await regionPage(["us-east-1", "eu-west-1"], 2, "2", read);
    expect(reads).toEqual(["us-east-1@2/2"]);
  });
});
