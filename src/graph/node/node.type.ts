/**
 * The Node interface: every entity of the graph has an opaque global
 * `nodeId` (node-id.ts) that `node(id:)` / `nodes(ids:)` refetch it by.
 * It is `nodeId`, not `id`: the contract's `id` of Collaboration, Membership,
 * ChangeRequest, ProtectedQuery and ProtectedJob is AWS's id, which clients
 * pass back as arguments, and keeps that meaning. (Relay:
 * `schemaConfig.nodeInterfaceIdField: "nodeId"`.)
 */
import { Field, ID, InterfaceType } from "type-graphql";
import type { NodeType } from "./node-id";

/** What `node` / `nodes` answer carries its type under this key (resolvers elsewhere return a type's field, not the interface). */
export const NODE_TYPE = Symbol("node type");

export type TypedNode = { [NODE_TYPE]: NodeType };

@InterfaceType("Node", {
  description:
    "An object with a global identity: its `nodeId` refetches it with `node(id:)` or `nodes(ids:)`. " +
    "Where a type's `id` is AWS's (Collaboration, Membership, ChangeRequest, ProtectedQuery, ProtectedJob) it keeps that meaning; " +
    "the other types' `id` equals their `nodeId`. Relay: set `schemaConfig.nodeInterfaceIdField` to \"nodeId\".",
  resolveType: (value: Partial<TypedNode>) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, {
    description:
      "The object's global id: opaque (do not build or parse it), unique across every type, and the same in every request. " +
      "Pass it to `node(id:)` or `nodes(ids:)` to refetch the object.",
  })
  nodeId!: string;
}
