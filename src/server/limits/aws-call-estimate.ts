/**
 * The AWS calls an operation can cause, estimated before it runs from the
 * document, its variables and how many accounts the caller may read: the
 * field table (graph/aws-reads.ts) multiplied out over the selection, with
 * aliases and fragments expanded, reads keyed as the loaders key them (one
 * per distinct collaboration, membership, run; one per distinct argument set
 * of a list), and connections counted per parent at their page size.
 *
 * It is an upper bound for the data a page could hold, not a prediction:
 * `perAccount` is the most calls any one member account could receive (the
 * figure the per-operation budget holds, since AWS quotas are per account),
 * `total` the sum over accounts. Runs after GraphQL's validation, on valid
 * documents only.
 *
 * Regions: an account's own lists (memberships, collaborations: the reads
 * `per` "account" or "accounts") are read in every region the caller reads
 * it in, so they count once per region (`regions`: the most regions of any
 * of the caller's accounts). Reads of one collaboration, membership or run
 * go to its one region and count as before.
 */
import {
  getNamedType,
  getOperationAST,
  isAbstractType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { FIELD_READS, TYPE_SCOPES, WHOLE_RESOURCE, type AwsRead, type Scope } from "../../graph/aws-reads";
import { MAX_PAGE } from "../../graph/common/connection";
import { MAX_NODES } from "../../graph/node/node.resolver";
import { ASSUMED_LIST_LENGTH } from "./operation-shape";

export interface AwsCallEstimate {
  /** The most calls one member account could receive. */
  perAccount: number;
  /** Calls across every account. */
  total: number;
}

/** Fields visited, fragments expanded: past this the document is refused as if over any budget (validation bounds it far below). */
const MAX_VISITS = 100_000;

/** How many of one kind of identity a place spans, and where they came from (reads of the same origin share keys). */
interface Reach {
  origin: string;
  n: number;
  perAccount: number;
}

/** Where in the operation a selection set is resolved: its parents' type, how many of them, what they know. */
interface Place {
  type: GraphQLNamedType | undefined;
  /** The identity of these parents: field names and arguments from the root (aliases left out: they read the same). */
  path: string;
  n: number;
  perAccount: number;
  scopes: ReadonlyMap<Scope, Reach>;
  known: ReadonlySet<string> | "all";
  /** Inside a connection: its page size (its `nodes` and `edges` hold that many). */
  page?: number;
}

const isList = (t: GraphQLOutputType): boolean => isListType(isNonNullType(t) ? t.ofType : t);
const isConnection = (t: GraphQLNamedType): boolean => t.name.endsWith("Connection");

/** Stable JSON: the same arguments in another order are the same loader key. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function estimateAwsCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  accounts: number,
  regions = 1,
): AwsCallEstimate {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { perAccount: 0, total: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const vars = { ...variables };
  for (const v of operation.variableDefinitions ?? []) {
    if (vars[v.variable.name.value] === undefined && v.defaultValue) vars[v.variable.name.value] = valueFromASTUntyped(v.defaultValue);
  }

  const sites = new Map<string, { n: number; perAccount: number }>();
  let visits = 0;
  let unshared = 0;

  const site = (key: string, n: number, perAccount: number) => {
    const s = sites.get(key);
    sites.set(key, s ? { n: Math.max(s.n, n), perAccount: Math.max(s.perAccount, perAccount) } : { n, perAccount });
  };

  // An argument whose variable is not given, or given null, is left out (the resolvers read both as absent).
  const argsOf = (node: FieldNode): Record<string, unknown> =>
    Object.fromEntries((node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, vars)]).filter(([, v]) => v !== undefined && v !== null));

  const read = (r: AwsRead, at: Place, fieldPath: string, argsKey: string, items: { n: number; perAccount: number }, after: boolean) => {
    const once = r.each ? `#${unshared++}` : "";
    // An account's own lists are read in each of its regions.
    const times = (r.times ?? 1) * (r.per === "accounts" || r.per === "account" ? Math.max(1, regions) : 1);
    if (r.per === "accounts") return site(`${r.op}|accounts`, accounts * times, times);
    if (r.per === "item") return site(`${r.op}|${fieldPath}${once}`, items.n * times, items.perAccount * times);
    const reach = at.scopes.get(r.per) ?? { origin: at.path, n: at.n, perAccount: at.perAccount };
    const pages = (r.list && after ? 2 : 1) * times; // resuming inside an AWS page reads its rest, then the next
    site(`${r.op}|${r.per}@${reach.origin}|${r.list ? argsKey : ""}${once}`, reach.n * pages, reach.perAccount * pages);
  };

  /** The place of a type's objects: the scopes the type belongs to, inherited where the parent has them, new otherwise. */
  const enter = (parent: Place, type: GraphQLNamedType, path: string, n: number, perAccount: number, known: Place["known"], page?: number): Place => {
    const kinds = TYPE_SCOPES[type.name];
    if (!kinds) return { type, path, n, perAccount, scopes: parent.scopes, known, page };
    const scopes = new Map<Scope, Reach>();
    for (const k of kinds) {
      const inherited = parent.scopes.get(k);
      if (inherited) scopes.set(k, inherited);
    }
    const collaborations = scopes.get("collaboration");
    for (const k of kinds) {
      if (scopes.has(k)) continue;
      if (k === "account") scopes.set(k, { origin: path, n: Math.min(n, accounts), perAccount: 1 });
      // An account holds at most one membership per collaboration: memberships of known collaborations are no more
      // per account than those collaborations.
      else if (k === "membership" && collaborations) scopes.set(k, { origin: path, n, perAccount: Math.min(perAccount, collaborations.n) });
      else scopes.set(k, { origin: path, n, perAccount });
    }
    return { type, path, n, perAccount, scopes, known, page };
  };

  const field = (node: FieldNode, at: Place): void => {
    if (++visits > MAX_VISITS) throw new TooLarge();
    const name = node.name.value;
    const parent = at.type;
    if (name.startsWith("__") || !parent || !(isObjectType(parent) || isInterfaceType(parent))) return;
    const def: GraphQLField<unknown, unknown> | undefined = parent.getFields()[name];
    if (!def) return;
    const args = argsOf(node);
    const argsKey = stable(args);
    const fieldPath = `${at.path}.${name}(${argsKey})`;
    const spec = FIELD_READS[`${parent.name}.${name}`] ?? {};

    // How many values the field holds per parent.
    let times = 1;
    if (at.page !== undefined && isList(def.type)) times = at.page; // a connection's nodes / edges
    else if (spec.items === "accounts") times = accounts;
    else if (spec.items === "ids") times = Array.isArray(args.ids) ? Math.min(args.ids.length, MAX_NODES) : MAX_NODES;
    else if (typeof spec.items === "number") times = spec.items;
    else if (isList(def.type)) times = ASSUMED_LIST_LENGTH;
    const n = at.n * times;
    // Each account is one: a list of accounts spreads over them.
    const perAccount = spec.items === "accounts" ? at.perAccount : at.perAccount * times;

    const whole = WHOLE_RESOURCE[parent.name];
    if (whole && whole.fields.includes(name) && !(at.known === "all" || at.known.has(name))) read(whole.read, at, fieldPath, argsKey, { n, perAccount }, false);
    for (const r of spec.reads ?? []) read(r, at, fieldPath, argsKey, { n, perAccount }, typeof args.after === "string");

    if (!node.selectionSet) return;
    const named = getNamedType(def.type);
    const inConnection = at.page !== undefined;
    const known: Place["known"] = inConnection ? at.known : spec.known === "all" ? "all" : new Set(spec.known ?? []);
    const page = isConnection(named) ? Math.min(Math.max(Number(args.first ?? MAX_PAGE) || 0, 0), MAX_PAGE) : inConnection && name === "edges" ? 1 : undefined;
    // An edge is one item: its `node` is that item again (times 1); the page was counted at `edges`.
    selectionSet(node.selectionSet, enter(at, named, fieldPath, n, perAccount, known, page));
  };

  // A selection that @skip or @include leaves out with these variables is not executed, so it reads nothing.
  const included = (sel: SelectionNode): boolean => {
    for (const d of sel.directives ?? []) {
      const name = d.name.value;
      if (name !== "skip" && name !== "include") continue;
      const arg = d.arguments?.find((a) => a.name.value === "if");
      const value = arg ? valueFromASTUntyped(arg.value, vars) : undefined;
      if (typeof value === "boolean" && value === (name === "skip")) return false;
    }
    return true;
  };

  const selectionSet = (set: SelectionSetNode, at: Place): void => {
    for (const sel of set.selections) {
      if (!included(sel)) continue;
      if (sel.kind === Kind.FIELD) field(sel, at);
      else {
        const def = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
        if (!def) continue;
        const condition = def.typeCondition && schema.getType(def.typeCondition.name.value);
        // A fragment on a concrete type under an interface (node(id:) { ... on Collaboration }) reads as that type.
        const narrowed = condition && at.type && condition !== at.type && isAbstractType(at.type) ? enter(at, condition, `${at.path}<${condition.name}>`, at.n, at.perAccount, at.known, at.page) : at;
        selectionSet(def.selectionSet, narrowed);
      }
    }
  };

  try {
    selectionSet(operation.selectionSet, { type: root, path: operation.operation, n: 1, perAccount: 1, scopes: new Map(), known: new Set() });
  } catch (e) {
    if (e instanceof TooLarge) return { perAccount: Number.POSITIVE_INFINITY, total: Number.POSITIVE_INFINITY };
    throw e;
  }
  let perAccount = 0;
  let total = 0;
  for (const s of sites.values()) {
    perAccount += s.perAccount;
    total += s.n;
  }
  return { perAccount, total };
}

class TooLarge extends Error {}
