/** Keyset cursors (graph/common/keyset.ts): pages resume strictly after the cursor's key, whatever changed in the list. */
import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { compareKeys, decodeKey, encodeKey, pageAfter, type Key } from "../../src/graph/common/keyset";

interface Item {
  t: number;
  c: string;
  id: string;
}
const keyOf = (i: Item): Key => [i.t, i.c, i.id];
const LIST = { tag: "list-a", keyLength: 3 };
/** A page as the resolvers make one: the cursor decoded first, then the items after it. */
const keysetPage = (items: Item[], size: number, after: string | null | undefined) => pageAfter(items, keyOf, LIST.tag, size, decodeKey(after, LIST.tag, LIST.keyLength), !!after);
const item = (t: number, c: string, id: string): Item => ({ t, c, id });
const ids = (items: Item[]) => items.map((i) => `${i.t}${i.c}${i.id}`);

describe("compareKeys", () => {
  it("orders newest first, then each string ascending", () => {
    expect(compareKeys([2, "a", "a"], [1, "a", "a"])).toBeLessThan(0);
    expect(compareKeys([1, "a", "b"], [1, "b", "a"])).toBeLessThan(0);
    expect(compareKeys([1, "a", "b"], [1, "a", "a"])).toBeGreaterThan(0);
    expect(compareKeys([1, "a", "a"], [1, "a", "a"])).toBe(0);
  });
});

describe("pageAfter", () => {
  const all = [item(1, "x", "1"), item(3, "x", "1"), item(2, "y", "1"), item(2, "x", "2"), item(2, "x", "1")];

  it("pages the whole list in key order, each edge with its own cursor", () => {
    const seen: Item[] = [];
    let after: string | null | undefined = null;
    for (let n = 0; n < 10; n++) {
      const page = keysetPage(all, 2, after);
      seen.push(...page.nodes);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.totalCount).toBe(all.length);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids(seen)).toEqual(["3x1", "2x1", "2x2", "2y1", "1x1"]);
  });

  it("resumes after the cursor's key when its item is gone, and never shows what was added before it", () => {
    const first = keysetPage(all, 2, null);
    expect(ids(first.nodes)).toEqual(["3x1", "2x1"]);
    // The second item is gone (voted on), a newer one arrived, and one was added at the cursor's own instant but before it.
    const changed = [item(4, "x", "9"), item(2, "x", "0"), ...all.filter((i) => !(i.t === 2 && i.c === "x" && i.id === "1"))];
    const next = keysetPage(changed, 2, first.pageInfo.endCursor);
    expect(ids(next.nodes)).toEqual(["2x2", "2y1"]);
    // Any edge's cursor resumes right after that edge.
    expect(ids(keysetPage(all, 1, first.edges[0].cursor).nodes)).toEqual(["2x1"]);
  });

  it("refuses, as BAD_USER_INPUT on after, a cursor of another list and anything that is not a cursor", () => {
    const other = encodeKey("list-b", [1, "x", "1"]);
    expect(() => keysetPage(all, 2, other)).toThrow(/another list/);
    for (const bad of ["not-a-cursor", Buffer.from(JSON.stringify({ o: 3 })).toString("base64url"), encodeKey("list-a", [1, "x"] as unknown as Key)]) {
      try {
        decodeKey(bad, LIST.tag, LIST.keyLength);
        expect.unreachable(bad);
      } catch (e) {
        expect((e as { extensions: unknown }).extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
      }
    }
    expect(decodeKey(null, LIST.tag, LIST.keyLength)).toBeUndefined();
  });
});
