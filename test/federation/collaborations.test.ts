import { describe, expect, it } from "vitest";
import { mergeCollaborations } from "../../src/federation/collaborations";

const at = (iso: string) => new Date(iso);
const summary = (id: string, createTime?: string, extra: Record<string, unknown> = {}) => ({ id, createTime: createTime ? at(createTime) : undefined, ...extra });

describe("mergeCollaborations", () => {
  it("lists a collaboration several accounts return once, with every account that reads it, in configuration order", () => {
    const merged = mergeCollaborations([
      { accountId: "111", summaries: [summary("a", "2026-01-01T00:00:00Z"), summary("b", "2026-02-01T00:00:00Z")] },
      { accountId: "222", summaries: [summary("a", "2026-01-01T00:00:00Z")] },
      { accountId: "333", summaries: [summary("b", "2026-02-01T00:00:00Z"), summary("a", "2026-01-01T00:00:00Z")] },
    ]);
    expect(merged.map((c) => ({ id: c.id, readers: c.readers }))).toEqual([
      { id: "b", readers: ["111", "333"] },
      { id: "a", readers: ["111", "222", "333"] },
    ]);
  });

  it("keeps the summary the first reader returned (later readers' member-specific fields do not leak in)", () => {
    const merged = mergeCollaborations([
      { accountId: "111", summaries: [summary("a", "2026-01-01T00:00:00Z", { memberStatus: "ACTIVE", membershipId: "m1" })] },
      { accountId: "222", summaries: [summary("a", "2026-01-01T00:00:00Z", { memberStatus: "INVITED" })] },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0].summary).toMatchObject({ memberStatus: "ACTIVE", membershipId: "m1" });
  });

  it("names an account once even when it returns a collaboration twice (overlapping pages)", () => {
    const merged = mergeCollaborations([{ accountId: "111", summaries: [summary("a", "2026-01-01T00:00:00Z"), summary("a", "2026-01-01T00:00:00Z")] }]);
    expect(merged.map((c) => c.readers)).toEqual([["111"]]);
  });

  it("orders newest first, then by id, whatever order the accounts answered in", () => {
    const summaries = [
      summary("c", "2026-03-01T00:00:00Z"),
      summary("b", "2026-01-01T00:00:00Z"),
      summary("a", "2026-01-01T00:00:00Z"),
      summary("d", "2026-02-01T00:00:00Z"),
    ];
    const forward = mergeCollaborations([{ accountId: "1", summaries }]);
    const backward = mergeCollaborations([{ accountId: "1", summaries: [...summaries].reverse() }]);
    expect(forward.map((c) => c.id)).toEqual(["c", "d", "a", "b"]);
    expect(backward.map((c) => c.id)).toEqual(forward.map((c) => c.id));
  });

  it("merges one account's collaborations from two regions newest first, ties by id, each id once", () => {
    // An account's list arrives region by region (us-east-1's, then eu-west-1's); another account sees one of them too.
    const usEast = [summary("u-new", "2026-05-01T00:00:00Z"), summary("same-b", "2026-02-01T00:00:00Z"), summary("u-old", "2026-01-01T00:00:00Z")];
    const euWest = [summary("e-newest", "2026-06-01T00:00:00Z"), summary("same-a", "2026-02-01T00:00:00Z"), summary("e-oldest", "2025-12-01T00:00:00Z")];
    const merged = mergeCollaborations([
      { accountId: "111", summaries: [...usEast, ...euWest] },
      { accountId: "222", summaries: [summary("same-a", "2026-02-01T00:00:00Z")] },
    ]);
    expect(merged.map((c) => c.id)).toEqual(["e-newest", "u-new", "same-a", "same-b", "u-old", "e-oldest"]);
    expect(merged.find((c) => c.id === "same-a")!.readers).toEqual(["111", "222"]);
    // The regions' order does not matter.
    expect(mergeCollaborations([{ accountId: "111", summaries: [...euWest, ...usEast] }]).map((c) => c.id)).toEqual(merged.map((c) => c.id));
  });

  it("puts a collaboration without a creation time last", () => {
    const merged = mergeCollaborations([{ accountId: "1", summaries: [summary("x"), summary("y", "2020-01-01T00:00:00Z")] }]);
    expect(merged.map((c) => c.id)).toEqual(["y", "x"]);
  });

  it("merges nothing into nothing, and skips accounts that returned nothing", () => {
    expect(mergeCollaborations([])).toEqual([]);
    expect(mergeCollaborations([{ accountId: "1", summaries: [] }, { accountId: "2", summaries: [summary("a", "2026-01-01T00:00:00Z")] }])).toEqual([
      { id: "a", summary: summary("a", "2026-01-01T00:00:00Z"), readers: ["2"] },
    ]);
  });
});
