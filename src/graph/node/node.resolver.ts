/**
 * Global object identification: every entity's `nodeId`, the `id` of the
 * types that had none (equal to their nodeId, so that Apollo's and urql's
 * normalizing caches key them with no configuration), and `node(id:)` /
 * `nodes(ids:)`, which refetch an entity through the same per-request
 * loaders and router as its own query: the caller's grants apply, one
 * resource costs one read however many ids name it, and an id that is not
 * one this API issued costs no AWS call.
 */
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root, type ClassType } from "type-graphql";
import { ErrorCode } from "../../errors/codes";
import { refusal } from "../../errors/contract-error";
import { AccountResolver } from "../account/account.resolver";
import { Account } from "../account/account.type";
import { approvalsOf, changesOf, ChangeRequestResolver } from "../change-request/change-request.resolver";
import { Approval, Change, MemberChangeSpecification } from "../change-request/change-request.type";
import { CollaborationResolver } from "../collaboration/collaboration.resolver";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { MembershipResolver } from "../membership/membership.resolver";
import { membersOf, orAbsent } from "../nodes";
import { ProtectedJobResolver } from "../protected-job/protected-job.resolver";
import { ProtectedQueryResolver } from "../protected-query/protected-query.resolver";
import { decodeNodeId, isNodeType, nodeIdOf, type NodeKey, type NodeType } from "./node-id";
import { Node, NODE_TYPE, type TypedNode } from "./node.type";

/** The most ids one `nodes` call takes (as many as a page of a connection). */
export const MAX_NODES = 100;

/** The types' own queries: a node is read exactly as they read it. */
const own = {
  account: new AccountResolver(),
  collaboration: new CollaborationResolver(),
  membership: new MembershipResolver(),
  changeRequest: new ChangeRequestResolver(),
  protectedQuery: new ProtectedQueryResolver(),
  protectedJob: new ProtectedJobResolver(),
};

type Lookup = { [T in NodeType]: (ctx: GraphContext, key: Extract<NodeKey, { type: T }>) => Promise<object | null> };

/** A change request's own part (an approval, a change): read with the request, so that all of them cost one read. */
const changeRequestOf = (ctx: GraphContext, collaborationId: string, id: string) => own.changeRequest.changeRequest(collaborationId, id, ctx);

/** How each type's node is read: what its root is, as the rest of the graph passes it; null when the caller sees none. */
const LOOKUP: Lookup = {
  Account: async (ctx, k) => own.account.account(k.accountId, ctx),
  Collaboration: (ctx, k) => own.collaboration.collaboration(k.id, ctx),
  Membership: (ctx, k) => own.membership.membership(k.id, ctx),
  Member: async (ctx, k) => (await membersOf(ctx, k.collaborationId)).get(k.accountId) ?? null,
  ChangeRequest: (ctx, k) => changeRequestOf(ctx, k.collaborationId, k.id),
  Approval: async (ctx, k) => {
    const request = await changeRequestOf(ctx, k.collaborationId, k.changeRequestId);
    return (request && approvalsOf(request).find((a) => a.accountId === k.accountId)) ?? null;
  },
  Change: async (ctx, k) => {
    const request = await changeRequestOf(ctx, k.collaborationId, k.changeRequestId);
    return (request && changesOf(request)[k.index]) ?? null;
  },
  ProtectedQuery: (ctx, k) => own.protectedQuery.run(k.membershipId, k.id, ctx),
  ProtectedJob: (ctx, k) => own.protectedJob.run(k.membershipId, k.id, ctx),
};

/** The node an id names, tagged with its type for the interface; null when the caller's accounts see none. */
async function lookUp(ctx: GraphContext, id: string, field: string): Promise<TypedNode | null> {
  const key = decodeNodeId(id);
  if (!key) {
    throw refusal(ErrorCode.BAD_USER_INPUT, `${field} is not a node id this API issued; pass the nodeId of an object that a query returned.`, { field });
  }
  const root = await orAbsent((LOOKUP[key.type] as (ctx: GraphContext, key: NodeKey) => Promise<object | null>)(ctx, key));
  return root && { ...root, [NODE_TYPE]: key.type };
}

@Resolver(() => Node)
export class NodeResolver {
  @FieldResolver(() => ID)
  nodeId(@Root() root: object, @Info() info: GraphQLResolveInfo): string {
    const type = info.parentType.name;
    if (!isNodeType(type)) throw new Error(`${type} implements Node but has no node id layout (node/node-id.ts)`);
    return nodeIdOf(type, root);
  }

  @Query(() => Node, {
    nullable: true,
    description:
      "The object whose nodeId is `id`, read as its own query reads it, through the caller's accounts. " +
      "Null with no error when none of the caller's accounts can see it (or it no longer exists); " +
      "null with BAD_USER_INPUT (extensions.field \"id\") when `id` is not a nodeId this API issued, with no AWS call.",
  })
  node(
    @Arg("id", () => ID, { description: "A `nodeId` that this API returned." }) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<TypedNode | null> {
    return lookUp(ctx, id, "id");
  }

  @Query(() => [Node], {
    nullable: "items",
    description:
      `The objects whose nodeIds are \`ids\`, in the order given, each answered as \`node(id:)\` answers it: ` +
      "null with no error where the caller's accounts see none, null with BAD_USER_INPUT (extensions.field \"ids[i]\") where an id is not a nodeId this API issued. " +
      `Ids of the same resource (the same id twice, a change request and its approvals) cost one read. At most ${MAX_NODES} ids (BAD_USER_INPUT on \`ids\`).`,
  })
  nodes(
    @Arg("ids", () => [ID], { description: `Up to ${MAX_NODES} \`nodeId\`s that this API returned, of any types.` }) ids: string[],
    @Ctx() ctx: GraphContext,
  ): Promise<TypedNode | null>[] {
    if (ids.length > MAX_NODES) {
      throw refusal(ErrorCode.BAD_USER_INPUT, `ids may name at most ${MAX_NODES} nodes; got ${ids.length}. Split them over several calls.`, { field: "ids" });
    }
    // Each item fails alone: the others still answer.
    return ids.map((id, i) => lookUp(ctx, id, `ids[${i}]`));
  }
}

/** `id` for a type that had none: its nodeId, which normalizing caches key it by. */
function idResolver(Type: ClassType, type: NodeType, description: string) {
  @Resolver(() => Type)
  class IdResolver {
    @FieldResolver(() => ID, { description })
    id(@Root() root: object): string {
      return nodeIdOf(type, root);
    }
  }
  return IdResolver;
}

const SAME = "Equal to `nodeId`: opaque, unique across types, the same in every request.";

export const AccountIdResolver = idResolver(Account, "Account", `This account's id in the graph (\`accountId\` is AWS's). ${SAME}`);
export const MemberIdResolver = idResolver(
  Member,
  "Member",
  `This member's id: one account in one collaboration (the same account in another collaboration is another member, with its own abilities and id). ${SAME}`,
);
export const ApprovalIdResolver = idResolver(Approval, "Approval", `This vote's id: one account's vote on one change request. ${SAME}`);
export const ChangeIdResolver = idResolver(Change, "Change", `This change's id: its position in its change request's changes. ${SAME}`);

// The member part of a change has the change's identity (a change names at most one member), so caches key it too.
export const MemberChangeSpecificationIdResolver = idResolver(
  MemberChangeSpecification,
  "Change",
  "The id of the change this is the member part of (equal to that Change's `id`); refetch it through the Change.",
);

export const nodeResolvers = [NodeResolver, AccountIdResolver, MemberIdResolver, ApprovalIdResolver, ChangeIdResolver, MemberChangeSpecificationIdResolver] as const;
