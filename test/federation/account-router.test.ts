/** The account router as plain code: what fetched data teaches it, and what it reads only when nothing says. */
import { describe, expect, it } from "vitest";
import { AccountDown } from "../../src/federation/account-health";
import { AccountRouter, NotVisible, type RouteSource } from "../../src/federation/account-router";

const A = "111111111111";
const B = "222222222222";
const OUTSIDER = "999999999999";

/** A router over accounts A and B whose fallback reads are counted and answer from `lists`. */
function world(lists: { collaborations?: Record<string, { id: string; creatorAccountId?: string }[]>; memberships?: Record<string, { id: string; collaborationId: string }[]> } = {}) {
  const down = new Set<string>();
  const reads: string[] = [];
  const source: RouteSource = {
    collaborations: async (accountId) => {
      reads.push(`collaborations:${accountId}`);
      if (down.has(accountId)) throw new AccountDown(accountId);
      router.learnCollaborations(accountId, lists.collaborations?.[accountId] ?? []);
    },
    memberships: async (accountId) => {
      reads.push(`memberships:${accountId}`);
      if (down.has(accountId)) throw new AccountDown(accountId);
      router.learnMemberships(accountId, lists.memberships?.[accountId] ?? []);
    },
    collaboration: async (collaborationId) => {
      reads.push(`collaboration:${collaborationId}`);
      return { creatorAccountId: `creator-of-${collaborationId}` };
    },
  };
  const router: AccountRouter = new AccountRouter([A, B], { isDown: (a) => down.has(a) }, source);
  return { router, reads, down };
}

describe("AccountRouter", () => {
  it("routes from what a list taught it, with no read", async () => {
    const { router, reads } = world();
    router.learnCollaborations(B, [{ id: "c1", membershipId: "m1" }]);
    router.learnMemberships(A, [{ id: "m2", collaborationId: "c2" }]);
    expect(await router.readerOf("c1")).toBe(B);
    expect(await router.membershipRoute("m1")).toEqual({ accountId: B, collaborationId: "c1" });
    expect(await router.readerOf("c2")).toBe(A);
    expect(reads).toEqual([]);
  });

  it("prefers the first reader in configuration order, and skips an account that is down", async () => {
    const { router, down } = world();
    router.learnCollaborations(B, [{ id: "c1" }]);
    router.learnCollaborations(A, [{ id: "c1" }]);
    expect(await router.readerOf("c1")).toBe(A);
    down.add(A);
    expect(await router.readerOf("c1")).toBe(B);
  });

  it("reads through a preferred reader while it is up; after it fails, through the next known one, with no read", async () => {
    const { router, down, reads } = world();
    router.learnCollaborations(A, [{ id: "c1" }]);
    router.learnCollaborations(B, [{ id: "c1" }]);
    router.preferReader("c1", B);
    expect(await router.readerOf("c1")).toBe(B);
    down.add(B);
    expect(router.knownReaderAt("c1")).toEqual({ accountId: A, region: undefined });
    down.add(A);
    expect(router.knownReaderAt("c1")).toBeUndefined();
    // A preference for an account that is not a known reader changes nothing.
    router.preferReader("c2", B);
    router.learnCollaborations(A, [{ id: "c2" }]);
    down.clear();
    expect(await router.readerOf("c2")).toBe(A);
    expect(reads).toEqual([]);
  });

  it("a member list teaches the holders among the caller's accounts only", async () => {
    const { router, reads } = world();
    router.learnMembers("c1", [
      { accountId: A, membershipId: "mA" },
      { accountId: OUTSIDER, membershipId: "mX" },
      { accountId: B },
    ]);
    expect(await router.membershipRoute("mA")).toEqual({ accountId: A, collaborationId: "c1" });
    expect(reads).toEqual([]);
    expect(await router.membershipRoute("mX")).toBeUndefined();
    expect(reads).toEqual([`memberships:${A}`, `memberships:${B}`]);
  });

  it("reads every account's list once nothing fetched says, and leaves out an account that is down", async () => {
    const { router, reads, down } = world({ collaborations: { [B]: [{ id: "c9" }] } });
    down.add(A);
    expect(await router.readerOf("c9")).toBe(B);
    expect(reads.sort()).toEqual([`collaborations:${A}`, `collaborations:${B}`]);
    expect(router.downAccounts()).toEqual([A]);
  });

  it("requireReader / requireHolder throw NotVisible when no account of the caller sees it", async () => {
    const { router } = world();
    await expect(router.requireReader("nowhere")).rejects.toBeInstanceOf(NotVisible);
    await expect(router.requireHolder("nowhere")).rejects.toBeInstanceOf(NotVisible);
  });

  it("the creator comes from the collaboration lists; GetCollaboration only when the reader's list does not say", async () => {
    const listed = world({ collaborations: { [A]: [{ id: "c1", creatorAccountId: B }] } });
    expect(await listed.router.creatorOf("c1")).toBe(B);
    expect(listed.reads.filter((r) => r.startsWith("collaboration:"))).toEqual([]);

    const unlisted = world();
    unlisted.router.learnMemberships(A, [{ id: "m1", collaborationId: "c1" }]);
    expect(await unlisted.router.creatorOf("c1")).toBe("creator-of-c1");
    expect(unlisted.reads).toEqual([`collaborations:${A}`, "collaboration:c1"]);
  });
});
