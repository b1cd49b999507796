/**
 * Relay-style connections. Cursors are opaque to callers (base64url JSON)
 * and every edge has its own: `after` any edge's cursor resumes right after
 * that edge. `first` is 1–100.
 *
 * Lists the gateway holds whole (merged across accounts) page by offset.
 * Lists that page in AWS page by AWS's nextToken, which points between AWS
 * pages and is opaque: an edge's cursor names the AWS page it came from (the
 * token that fetched it, none for the first page, and the page size asked
 * for) and how many of that page's items to skip, so that resuming re-reads
 * that same page (free when this operation read it already: the loaders keep
 * it) and continues inside it. The last edge of an AWS page names the next
 * page's token instead (or the end of the list), so that resuming from a page
 * boundary costs one read, as following AWS's nextToken does.
 */
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import { ErrorCode } from "../../errors/codes";
import { PageInfo } from "./page.type";

export const MAX_PAGE = 100;

/** AWS reads one connection field may make: with full AWS pages it needs two at most (the rest of the resumed page, then the next). */
export const MAX_AWS_READS = 5;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Lists the gateway holds whole only: how many items the whole list has. */
  totalCount?: number;
}

export function connectionTypes<T extends object>(Node: ClassType<T>, name: string, options: { totalCount?: boolean } = {}) {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its own cursor.` })
  class Edge {
    @Field(() => String, { description: "This edge's place in the list: pass it as `after` to resume right after this edge." }) cursor!: string;
    @Field(() => Node, { description: "The item." }) node!: T;
  }
  class ConnectionType {
    @Field(() => [Edge], { description: "The page's items, each with its cursor." }) edges!: Edge[];
    @Field(() => [Node], { description: "The page's items (those of `edges`, without cursors)." }) nodes!: T[];
    @Field(() => PageInfo, { description: "Whether more items follow and precede, and the cursors of the page's ends." }) pageInfo!: PageInfo;
    totalCount?: number;
  }
  if (options.totalCount) {
    Field(() => Int, { description: "How many items the whole list has, across every page." })(ConnectionType.prototype, "totalCount");
  }
  ObjectType(`${name}Connection`, { description: `A page of a list of ${name} items (Relay connection): \`first\` 1–100, \`after\` any edge's cursor.` })(ConnectionType);
  return ConnectionType;
}

/**
 * o: an offset in a merged list. For a list that pages in AWS (l: a tag of
 * the list, so that a cursor of another list is refused even on the first
 * page, where there is no AWS token to refuse it):
 * - { t }: the start of the AWS page that nextToken t fetches;
 * - { t?, n, s }: the AWS page fetched with nextToken t (none: the first page) and maxResults n, past its first s items;
 * - { e: 1 }: past the end of the list.
 * Cursors without l (handed out before lists were tagged) are still taken; AWS still checks their tokens.
 */
type AwsCursor = { l?: string; t?: string; n?: number; s?: number; e?: 1 };
type Cursor = { o: number } | AwsCursor;

const encode = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString("base64url");

const isCount = (x: unknown, min: number, max: number): x is number => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;

function valid(c: unknown): c is Cursor {
  if (typeof c !== "object" || c === null || Array.isArray(c)) return false;
  const keys = Object.keys(c);
  const r = c as Record<string, unknown>;
  if ("o" in r) return keys.length === 1 && isCount(r.o, 0, Number.MAX_SAFE_INTEGER);
  if (keys.some((k) => !["l", "t", "n", "s", "e"].includes(k))) return false;
  if (r.l !== undefined && (typeof r.l !== "string" || r.l === "")) return false;
  if (r.t !== undefined && (typeof r.t !== "string" || r.t === "")) return false;
  if ("e" in r) return r.e === 1 && keys.every((k) => k === "e" || k === "l");
  if ("n" in r || "s" in r) return isCount(r.n, 1, MAX_PAGE) && isCount(r.s, 1, r.n as number);
  return typeof r.t === "string";
}

function decode(after: string): Cursor {
  try {
    const c: unknown = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
    if (valid(c)) return c;
  } catch {
    // fall through to the error below
  }
  throw badInput("after", "is not a cursor this API returned; pass the cursor of an edge or pageInfo.endCursor");
}

const badInput = (field: string, message: string) =>
  new GraphQLError(`${field} ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });

const otherList = () => badInput("after", "belongs to another list; pass a cursor of this list");

/** Checks `first` (1–100, default 100). */
export function pageSize(first: number | undefined | null): number {
  if (first === undefined || first === null) return MAX_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw badInput("first", `must be between 1 and ${MAX_PAGE}, got ${first}`);
  }
  return first;
}

/** A short tag naming one list that pages in AWS (its operation, parent and filters), carried by its cursors. */
export function listTag(list: unknown): string {
  return createHash("sha256").update(JSON.stringify(list)).digest("base64url").slice(0, 10);
}

/**
 * Where an `after` cursor resumes a list that pages in AWS: the AWS page to
 * read (its nextToken, none for the first; its maxResults when the cursor
 * lies inside it) and how many of its items precede the cursor; or past the
 * end.
 */
export type AwsResume = { token?: string; maxResults?: number; skip: number } | "end";

export function awsResume(after: string | undefined | null, list: string): AwsResume {
  if (!after) return { skip: 0 };
  const c = decode(after);
  if ("o" in c) throw otherList();
  if (c.l !== undefined && c.l !== list) throw otherList();
  if (c.e === 1) return "end";
  return c.n !== undefined ? { token: c.t, maxResults: c.n, skip: c.s! } : { token: c.t, skip: 0 };
}

export const emptyConnection = <T>(afterGiven = false): Connection<T> => ({
  nodes: [],
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: afterGiven, startCursor: null, endCursor: null },
});

/** One AWS page of a list. */
export interface AwsPageResult<S> {
  items: S[];
  nextToken?: string;
}

/**
 * `first` items of a list that pages in AWS, after `after`: the AWS page the
 * cursor names is read again (with the same token and maxResults) and its
 * items past the cursor taken; while fewer than `first` are taken and AWS
 * has more, the next pages are read, each asking for just what is missing
 * (so an AWS page ends where this page does, and the next page starts at a
 * token). At most MAX_AWS_READS reads.
 */
export async function awsPage<S, T>(
  list: string,
  args: { first?: number | null; after?: string | null },
  load: (page: { maxResults: number; nextToken?: string }) => Promise<AwsPageResult<S>>,
  toNode: (summary: S) => T,
): Promise<Connection<T>> {
  const size = pageSize(args.first);
  const from = awsResume(args.after, list);
  const afterGiven = !!args.after;
  if (from === "end") return emptyConnection(afterGiven);

  const edges: { cursor: string; node: T }[] = [];
  let token = from.token;
  let maxResults = from.maxResults ?? size;
  let skip = from.skip;
  let hasNextPage = false;
  /** Where the list continues when a page ends with no edge to name it (AWS answered empty pages up to the read limit). */
  let continueAt: string | undefined;
  for (let reads = 1; ; reads++) {
    const page = await load({ maxResults, nextToken: token });
    const taken = page.items.slice(skip, skip + (size - edges.length));
    taken.forEach((summary, k) => {
      const index = skip + k;
      const lastOfPage = index === page.items.length - 1;
      const cursor: AwsCursor = !lastOfPage
        ? { l: list, t: token, n: maxResults, s: index + 1 }
        : page.nextToken
          ? { l: list, t: page.nextToken }
          : { l: list, e: 1 };
      edges.push({ cursor: encode(cursor), node: toNode(summary) });
    });
    if (page.items.length > skip + taken.length) {
      hasNextPage = true;
      break;
    }
    if (!page.nextToken) break;
    if (edges.length === size || reads >= MAX_AWS_READS) {
      hasNextPage = true;
      continueAt = page.nextToken;
      break;
    }
    token = page.nextToken;
    maxResults = size - edges.length;
    skip = 0;
  }
  const nodes = edges.map((e) => e.node);
  return {
    nodes,
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: afterGiven,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.length ? edges[edges.length - 1].cursor : continueAt ? encode({ l: list, t: continueAt }) : null,
    },
  };
}

/** A page of a list the gateway holds whole (merged across accounts): offset cursors, and the whole list's count. */
export function offsetPage<T>(all: readonly T[], first: number | undefined | null, after: string | undefined | null): Connection<T> {
  const size = pageSize(first);
  let start = 0;
  if (after) {
    const c = decode(after);
    if (!("o" in c)) throw otherList();
    start = c.o;
  }
  const nodes = all.slice(start, start + size);
  const edges = nodes.map((node, i) => ({ cursor: encode({ o: start + i + 1 }), node }));
  return {
    nodes,
    edges,
    totalCount: all.length,
    pageInfo: {
      hasNextPage: start + size < all.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
  };
}
