/** The node id codec (src/graph/node/node-id.ts): every key round-trips; anything it did not encode decodes to undefined. */
import { describe, expect, it } from "vitest";
import { decodeNodeId, encodeNodeId, NODE_TYPES, nodeIdOf, type NodeKey } from "../../src/graph/node/node-id";

const C = "aaaaaaaa-0001-4000-8000-000000000001";
const C2 = "aaaaaaaa-0002-4000-8000-000000000002";
const M = "bbbbbbbb-0001-4000-8000-000000000001";
const R = "cccccccc-0001-4000-8000-000000000001";
const Q = "dddddddd-0001-4000-8000-000000000001";
const A = "333333333333";

const keys: NodeKey[] = [
  { type: "Account", accountId: A },
  { type: "Collaboration", id: C },
  { type: "Membership", id: M },
  { type: "Member", collaborationId: C, accountId: A },
  { type: "ChangeRequest", collaborationId: C, id: R },
  { type: "Approval", collaborationId: C, changeRequestId: R, accountId: A },
  { type: "Change", collaborationId: C, changeRequestId: R, index: 0 },
  { type: "Change", collaborationId: C, changeRequestId: R, index: 12 },
  { type: "ProtectedQuery", membershipId: M, id: Q },
  { type: "ProtectedJob", membershipId: M, id: Q },
];

const raw = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("node ids", () => {
  it("cover every type", () => {
    expect(new Set(keys.map((k) => k.type))).toEqual(new Set(NODE_TYPES));
  });

  it("round-trip every type's key", () => {
    for (const key of keys) expect(decodeNodeId(encodeNodeId(key))).toEqual(key);
  });

  it("are opaque base64url (no padding) of a versioned, typed tuple", () => {
    const id = encodeNodeId({ type: "ProtectedQuery", membershipId: M, id: Q });
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(id).toBe(raw(`v1:ProtectedQuery:${M}:${Q}`));
  });

  it("differ by type and by every part: the same account is another member in another collaboration", () => {
    const ids = keys.map(encodeNodeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(encodeNodeId({ type: "ProtectedQuery", membershipId: M, id: Q })).not.toBe(encodeNodeId({ type: "ProtectedJob", membershipId: M, id: Q }));
    expect(encodeNodeId({ type: "Member", collaborationId: C, accountId: A })).not.toBe(encodeNodeId({ type: "Member", collaborationId: C2, accountId: A }));
  });

  it("are read from a root's same-named properties (what resolvers pass around), ignoring the rest", () => {
    expect(nodeIdOf("Member", { collaborationId: C, accountId: A, displayName: "x", abilities: [] })).toBe(
      encodeNodeId({ type: "Member", collaborationId: C, accountId: A }),
    );
    expect(nodeIdOf("Change", { collaborationId: C, changeRequestId: R, index: 3, types: [] })).toBe(raw(`v1:Change:${C}:${R}:3`));
  });

  it("refuse to encode a part that would never decode (a bug, not an id)", () => {
    expect(() => nodeIdOf("Member", { collaborationId: C })).toThrow(/accountId/);
    expect(() => encodeNodeId({ type: "Collaboration", id: "x:y" })).toThrow(/id/);
    expect(() => encodeNodeId({ type: "Change", collaborationId: C, changeRequestId: R, index: -1 })).toThrow(/index/);
  });

  it("decode nothing but ids this module encoded", () => {
    const valid = encodeNodeId({ type: "Membership", id: M });
    const bad: unknown[] = [
      undefined,
      null,
      42,
      {},
      "",
      "x",
      M, // an AWS id is not a node id
      valid + "=", // padding
      valid + "A", // another string
      valid.slice(0, -1),
      `${valid}.`, // outside the alphabet
      "a".repeat(600),
      raw(`v2:Membership:${M}`), // another version
      raw(`v1:membership:${M}`), // types are case-sensitive
      raw(`v1:Unknown:${M}`),
      raw(`v1:constructor:${M}`),
      raw(`v1:__proto__:${M}`),
      raw(`v1:Membership`), // too few parts
      raw(`v1:Membership:${M}:${M}`), // too many
      raw(`v1:Membership:${M.toUpperCase()}`), // not AWS's pattern
      raw(`v1:Membership:x`),
      raw(`v1:Membership:`),
      raw(`v1:Account:12345678901`), // 11 digits
      raw(`v1:Account:1234567890123`),
      raw(`v1:Member:${A}:${C}`), // parts in the wrong order
      raw(`v1:Change:${C}:${R}:01`), // not canonical
      raw(`v1:Change:${C}:${R}:-1`),
      raw(`v1:Change:${C}:${R}:1.5`),
      raw(`v1:Change:${C}:${R}:1e3`),
      raw(` v1:Membership:${M}`),
      raw(`v1:Membership:${M} `),
      raw(`v1:Membership:${M}\n`),
    ];
    for (const id of bad) expect(decodeNodeId(id), JSON.stringify(id)).toBeUndefined();
    // Base64 (not url) spelling of the same bytes, where the alphabets differ, is not canonical either.
    const withUrlChars = keys.map(encodeNodeId).find((id) => /[-_]/.test(id));
    if (withUrlChars) expect(decodeNodeId(withUrlChars.replace(/-/g, "+").replace(/_/g, "/"))).toBeUndefined();
  });
});
