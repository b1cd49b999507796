/**
 * Relay-style connections. Cursors are opaque to callers: base64url JSON
 * carrying either AWS's nextToken (lists that page in AWS) or an offset
 * (lists the gateway merges across accounts). `first` is 1–100.
 */
import { GraphQLError } from "graphql";
import { Field, ObjectType, type ClassType } from "type-graphql";
import { ErrorCode } from "../../errors/codes";
import { PageInfo } from "./page.type";

export const MAX_PAGE = 100;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
}

export function connectionTypes<T extends object>(Node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => Node) node!: T;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [Node]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/** t: AWS's nextToken of the next page; e: the end of a list that pages in AWS; o: an offset in a merged list. */
type Cursor = { t: string } | { e: 1 } | { o: number };

const encode = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString("base64url");

function decode(after: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as Cursor;
    if (("t" in c && typeof c.t === "string") || ("e" in c && c.e === 1) || ("o" in c && Number.isInteger(c.o) && c.o >= 0)) return c;
  } catch {
    // fall through to the error below
  }
  throw badInput("after", "is not a cursor this API returned; pass pageInfo.endCursor of the previous page");
}

const badInput = (field: string, message: string) =>
  new GraphQLError(`${field} ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });

/** Checks `first` (1–100, default 100). */
export function pageSize(first: number | undefined | null): number {
  if (first === undefined || first === null) return MAX_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw badInput("first", `must be between 1 and ${MAX_PAGE}, got ${first}`);
  }
  return first;
}

/** Where an `after` cursor resumes a list that pages in AWS: the first page, the page of a nextToken, or past the end. */
export type AwsResume = { token?: string } | "end";

export function awsResume(after: string | undefined | null): AwsResume {
  if (!after) return {};
  const c = decode(after);
  if ("t" in c) return { token: c.t };
  if ("e" in c) return "end";
  throw badInput("after", "belongs to another list");
}

export const emptyConnection = <T>(): Connection<T> => ({ nodes: [], edges: [], pageInfo: { hasNextPage: false, endCursor: null } });

/**
 * A page of a list that pages in AWS. AWS's tokens point between pages, so
 * every edge's cursor resumes at the next page (or, on the last page, past
 * the end).
 */
export function awsPage<T>(nodes: T[], nextToken: string | undefined): Connection<T> {
  const cursor = encode(nextToken ? { t: nextToken } : { e: 1 });
  return {
    nodes,
    edges: nodes.map((node) => ({ cursor, node })),
    pageInfo: { hasNextPage: nextToken !== undefined, endCursor: nodes.length ? cursor : null },
  };
}

/** A page of a list the gateway holds whole (merged across accounts). */
export function offsetPage<T>(all: readonly T[], first: number | undefined | null, after: string | undefined | null): Connection<T> {
  const size = pageSize(first);
  let start = 0;
  if (after) {
    const c = decode(after);
    if (!("o" in c)) throw badInput("after", "belongs to another list");
    start = c.o;
  }
  const nodes = all.slice(start, start + size);
  const edges = nodes.map((node, i) => ({ cursor: encode({ o: start + i + 1 }), node }));
  return {
    nodes,
    edges,
    pageInfo: { hasNextPage: start + size < all.length, endCursor: edges.length ? edges[edges.length - 1].cursor : after ?? null },
  };
}
