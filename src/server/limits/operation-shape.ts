/**
 * Depth and estimated cost of a document's operations, fragments expanded.
 * Runs before GraphQL's own validation, so it must cope with anything that
 * parses: unknown fields and types are counted as leaves, unknown fragments
 * count nothing, and a fragment cycle is cut. Each fragment is measured once
 * (memoized), so a document whose fragments fan out exponentially is still
 * measured in linear time, and its estimate comes out accordingly huge.
 */
import {
  getNamedType,
  isListType,
  isNonNullType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  isObjectType,
  isInterfaceType,
} from "graphql";
import { MAX_PAGE } from "../../graph/common/connection";
import { MAX_NODES } from "../../graph/node/node.resolver";

/** How many items a list without a page size is assumed to hold. */
export const ASSUMED_LIST_LENGTH = 5;

export interface Shape {
  depth: number;
  cost: number;
}

const isList = (t: GraphQLOutputType): boolean => isListType(isNonNullType(t) ? t.ofType : t);
const isConnectionType = (t: GraphQLNamedType | undefined): boolean => !!t && t.name.endsWith("Connection");

/** `first` as written, clamped to a page; a variable or no value means the largest page. */
function pageOf(node: FieldNode): number {
  const arg = node.arguments?.find((a) => a.name.value === "first");
  if (arg?.value.kind === Kind.INT) return Math.min(Math.max(Number.parseInt(arg.value.value, 10), 0), MAX_PAGE);
  return MAX_PAGE;
}

/** A list looked up by `ids` (nodes(ids:)) holds one item per id: the literal list's length, or the most a variable may hold. */
function idsOf(node: FieldNode): number | undefined {
  const arg = node.arguments?.find((a) => a.name.value === "ids");
  if (!arg) return undefined;
  return arg.value.kind === Kind.LIST ? Math.min(arg.value.values.length, MAX_NODES) : MAX_NODES;
}

function fieldDef(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

/** How many times a field's value repeats per parent. */
function multiplier(def: GraphQLField<unknown, unknown> | undefined, parent: GraphQLNamedType | undefined, node: FieldNode): number {
  if (!def) return 1;
  const named = getNamedType(def.type);
  if (isConnectionType(named) && def.args.some((a) => a.name === "first")) return pageOf(node);
  if (!isList(def.type)) return 1;
  // A connection's edges / nodes are its page, already counted at the connection.
  if (isConnectionType(parent)) return 1;
  return idsOf(node) ?? ASSUMED_LIST_LENGTH;
}

export class ShapeMeter {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly memo = new Map<string, Shape>();
  private readonly measuring = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
  ) {
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  /** The largest depth and cost among the document's operations. */
  static measure(schema: GraphQLSchema, document: DocumentNode): Shape {
    const meter = new ShapeMeter(schema, document);
    let depth = 0;
    let cost = 0;
    for (const d of document.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      const s = meter.selectionSet(d.selectionSet, schema.getRootType(d.operation) ?? undefined);
      depth = Math.max(depth, s.depth);
      cost = Math.max(cost, s.cost);
    }
    return { depth, cost };
  }

  private selectionSet(set: SelectionSetNode, type: GraphQLNamedType | undefined): Shape {
    let depth = 0;
    let cost = 0;
    for (const sel of set.selections) {
      let s: Shape;
      if (sel.kind === Kind.FIELD) s = this.field(sel, type);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        s = this.selectionSet(sel.selectionSet, sel.typeCondition ? this.schema.getType(sel.typeCondition.name.value) : type);
      } else s = this.fragment(sel.name.value);
      depth = Math.max(depth, s.depth);
      cost += s.cost;
    }
    return { depth, cost };
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined): Shape {
    // Introspection answers from the schema alone, bounded by its size (and is refused outright when
    // turned off): its nesting, deep in GraphiQL's standard query, is not the data this guards.
    if (node.name.value === "__schema" || node.name.value === "__type") return { depth: 1, cost: 1 };
    const def = fieldDef(parent, node.name.value);
    const times = multiplier(def, parent, node);
    if (!node.selectionSet) return { depth: 1, cost: times };
    const inner = this.selectionSet(node.selectionSet, def ? getNamedType(def.type) : undefined);
    return { depth: 1 + inner.depth, cost: times * (1 + inner.cost) };
  }

  private fragment(name: string): Shape {
    const known = this.memo.get(name);
    if (known) return known;
    const def = this.fragments.get(name);
    if (!def || this.measuring.has(name)) return { depth: 0, cost: 0 }; // unknown or a cycle: GraphQL's validation reports it
    this.measuring.add(name);
    const s = this.selectionSet(def.selectionSet, this.schema.getType(def.typeCondition.name.value));
    this.measuring.delete(name);
    this.memo.set(name, s);
    return s;
  }
}
