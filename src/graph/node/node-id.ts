/**
 * Global object identification: the opaque `nodeId` of every entity, and
 * reading it back. A node id is base64url of a versioned, typed tuple,
 * `v1:<Type>:<part>:…` (e.g. `v1:ProtectedQuery:<membershipId>:<id>`), whose
 * parts are exactly what it takes to fetch the entity again. Clients must not
 * build or parse them: the format may change with the version.
 *
 * Pure: no GraphQL, no AWS. Decoding anything this module did not encode
 * (another base64url, another version, a type or part that does not fit)
 * answers undefined, never a guess.
 */

/** A Clean Rooms identifier: collaborations, memberships, change requests, protected queries and jobs (the API model's pattern). */
const AWS_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An AWS account id. */
const ACCOUNT_ID = /^\d{12}$/;
/** A position in a list (a change in its request's changes). */
const INDEX = /^(0|[1-9]\d{0,5})$/;

type PartKind = "aws" | "account" | "index";
const PATTERN: Record<PartKind, RegExp> = { aws: AWS_ID, account: ACCOUNT_ID, index: INDEX };

/** Each entity type and the parts of its identity, in order. */
const LAYOUT = {
  Account: [["accountId", "account"]],
  Collaboration: [["id", "aws"]],
  Membership: [["id", "aws"]],
  /** A member is one account in one collaboration: the same account elsewhere is another member. */
  Member: [["collaborationId", "aws"], ["accountId", "account"]],
  ChangeRequest: [["collaborationId", "aws"], ["id", "aws"]],
  Approval: [["collaborationId", "aws"], ["changeRequestId", "aws"], ["accountId", "account"]],
  /** A change is its position in its request's changes (a request's changes never change). */
  Change: [["collaborationId", "aws"], ["changeRequestId", "aws"], ["index", "index"]],
  ProtectedQuery: [["membershipId", "aws"], ["id", "aws"]],
  ProtectedJob: [["membershipId", "aws"], ["id", "aws"]],
} as const satisfies Record<string, readonly (readonly [string, PartKind])[]>;

type Layout = typeof LAYOUT;
export type NodeType = keyof Layout;

type PartValue<K extends PartKind> = K extends "index" ? number : string;
type KeyOf<T extends NodeType> = { type: T } & { [P in Layout[T][number] as P[0]]: PartValue<P[1]> };

/** What a node id names: its type and the parts that identify it. */
export type NodeKey = { [T in NodeType]: KeyOf<T> }[NodeType];

export const NODE_TYPES = Object.keys(LAYOUT) as NodeType[];

const VERSION = "v1";

export const isNodeType = (name: string): name is NodeType => Object.prototype.hasOwnProperty.call(LAYOUT, name);

/** The node id of `key`. A part that does not fit its type is a bug of the caller (it would make an id that never decodes): thrown. */
export function encodeNodeId(key: NodeKey): string {
  return encode(key.type, key);
}

/** The node id of an entity of `type`, read from the same-named properties of what resolvers pass around (its root). */
export function nodeIdOf(type: NodeType, root: object): string {
  return encode(type, root);
}

function encode(type: NodeType, source: object): string {
  const layout: readonly (readonly [string, PartKind])[] = LAYOUT[type];
  const parts = layout.map(([name, kind]) => {
    const value = String((source as Record<string, unknown>)[name]);
    if (!PATTERN[kind].test(value)) throw new Error(`${type} node id: ${name} ${JSON.stringify(value)} is not a valid ${kind} part`);
    return value;
  });
  return Buffer.from([VERSION, type, ...parts].join(":"), "utf8").toString("base64url");
}

/** What a node id names, or undefined for anything that is not a node id this module encoded. */
export function decodeNodeId(id: unknown): NodeKey | undefined {
  // Every id this module makes is at most a few hundred characters of the base64url alphabet, without padding.
  if (typeof id !== "string" || id.length === 0 || id.length > 512 || !/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  const text = Buffer.from(id, "base64url").toString("utf8");
  // Only the canonical spelling: another string that happens to decode to the same bytes is not an id this API issued.
  if (Buffer.from(text, "utf8").toString("base64url") !== id) return undefined;
  const [version, type, ...parts] = text.split(":");
  if (version !== VERSION || type === undefined || !isNodeType(type)) return undefined;
  const layout: readonly (readonly [string, PartKind])[] = LAYOUT[type];
  if (parts.length !== layout.length) return undefined;
  const key: Record<string, unknown> = { type };
  for (const [i, [name, kind]] of layout.entries()) {
    if (!PATTERN[kind].test(parts[i])) return undefined;
    key[name] = kind === "index" ? Number(parts[i]) : parts[i];
  }
  return key as NodeKey;
}
