/**
 * Keyset cursors for lists the gateway merges itself and that change while a
 * caller pages them (the approvals inbox shrinks as votes are cast, new runs
 * arrive at the top of a run list). An edge's cursor is its item's sort key,
 * so `after` resumes strictly after that key even when the item itself has
 * gone and whatever was added before it: nothing is skipped or repeated, as
 * a position would be.
 *
 * A key is [time in ms, ...strings]: newest first, then the strings in
 * ascending order, which the list's items must make unique. Cursors stay
 * opaque (base64url JSON, as the other connections') and carry the list's
 * tag (connection.ts listTag), so a cursor of another list is refused before
 * any AWS read.
 */
import { GraphQLError } from "graphql";
import { ErrorCode } from "../../errors/codes";
import type { Connection } from "./connection";

export type Key = readonly [number, ...string[]];

/** The list's order: newest first, then each string ascending. */
export function compareKeys(a: Key, b: Key): number {
  if (a[0] !== b[0]) return b[0] - a[0];
  for (let i = 1; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] ?? "", b[i] ?? ""];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const badAfter = (message: string) => new GraphQLError(`after ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, field: "after" } });

export const encodeKey = (list: string, key: Key): string => Buffer.from(JSON.stringify({ l: list, k: key })).toString("base64url");

/** The key an `after` cursor of `list` names (of `length` parts); undefined when none is given. BAD_USER_INPUT for anything else. */
export function decodeKey(after: string | null | undefined, list: string, length: number): Key | undefined {
  if (!after) return undefined;
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
  } catch {
    c = undefined;
  }
  const r = (typeof c === "object" && c !== null ? c : {}) as { l?: unknown; k?: unknown };
  const k = r.k;
  const isKey = Array.isArray(k) && k.length === length && Number.isFinite(k[0]) && k.slice(1).every((s) => typeof s === "string");
  if (!isKey || typeof r.l !== "string") throw badAfter("is not a cursor this API returned; pass the cursor of an edge or pageInfo.endCursor");
  if (r.l !== list) throw badAfter("belongs to another list; pass a cursor of this list");
  return k as unknown as Key;
}

/**
 * A page of `size` items strictly after the key `from` (decoded by decodeKey first, so that a caller refuses a bad
 * cursor before reading anything), in key order. `all` may be in any order and may hold items before the cursor
 * (they are dropped). totalCount: how many items the whole list has now.
 */
export function pageAfter<T>(all: readonly T[], keyOf: (item: T) => Key, list: string, size: number, from: Key | undefined, afterGiven: boolean): Connection<T> {
  const keyed = all.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => compareKeys(a.key, b.key));
  const rest = from ? keyed.filter((x) => compareKeys(x.key, from) > 0) : keyed;
  const taken = rest.slice(0, size);
  const edges = taken.map((x) => ({ cursor: encodeKey(list, x.key), node: x.item }));
  return {
    edges,
    nodes: taken.map((x) => x.item),
    totalCount: all.length,
    pageInfo: {
      hasNextPage: rest.length > size,
      hasPreviousPage: afterGiven,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
  };
}
