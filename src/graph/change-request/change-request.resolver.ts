import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { AwsChangeRequestSummary } from "../../aws/cleanrooms-api";
import { Collaboration } from "../collaboration/collaboration.type";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { membersOf, orAbsent, type CollaborationNode, type MemberNode } from "../nodes";
import { Approval, Change, ChangeRequest, MemberChangeSpecification } from "./change-request.type";

@Resolver(() => ChangeRequest)
export class ChangeRequestResolver {
  @Query(() => ChangeRequest, {
    nullable: true,
    description: "One change request; null when it does not exist or none of the caller's available accounts sees its collaboration.",
  })
  async changeRequest(
    @Arg("collaborationId", () => ID, { description: "The id of the collaboration the request belongs to (a UUID)." }) collaborationId: string,
    @Arg("id", () => ID, { description: "The change request's id (a UUID)." }) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<AwsChangeRequestSummary | null> {
    return orAbsent<AwsChangeRequestSummary>(ctx.loaders.changeRequest.load({ collaborationId, id }));
  }

  @FieldResolver(() => Collaboration, { description: "The collaboration the request changes." })
  collaboration(@Root() r: AwsChangeRequestSummary): CollaborationNode {
    return { id: r.collaborationId!, known: {} };
  }

  @FieldResolver(() => [Change])
  changes(@Root() r: AwsChangeRequestSummary): Change[] {
    return changesOf(r);
  }

  @FieldResolver(() => [Approval])
  approvals(@Root() r: AwsChangeRequestSummary): Approval[] {
    return approvalsOf(r);
  }
}

/** A request's changes, each knowing its request and its position in it (its identity: node/node-id.ts). */
export function changesOf(r: AwsChangeRequestSummary): Change[] {
  return (r.changes ?? []).map((c, index) => {
    const member = c.specification?.member;
    const collaboration = c.specification?.collaboration;
    return {
      specificationType: c.specificationType!,
      types: c.types ?? [],
      member: member && {
        accountId: member.accountId!,
        memberAbilities: member.memberAbilities ?? [],
        mlMemberAbilities: member.mlMemberAbilities?.customMLMemberAbilities,
        paymentConfiguration: member.paymentConfiguration,
        displayName: member.displayName,
        collaborationId: r.collaborationId!,
        changeRequestId: r.id!,
        index,
      },
      collaboration: collaboration && { autoApprovedChangeTypes: collaboration.autoApprovedChangeTypes ?? [] },
      collaborationId: r.collaborationId!,
      changeRequestId: r.id!,
      index,
    };
  });
}

/** A request's votes, by account, each knowing its request (its identity: node/node-id.ts). */
export function approvalsOf(r: AwsChangeRequestSummary): Approval[] {
  return Object.entries(r.approvals ?? {})
    .map(([accountId, a]) => ({ accountId, status: a.status!, collaborationId: r.collaborationId!, changeRequestId: r.id! }))
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
}

@Resolver(() => Approval)
export class ApprovalResolver {
  @FieldResolver(() => Member, { nullable: true, description: "The voting member; null when the collaboration's member list cannot be read." })
  async member(@Root() a: Approval, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    return (await membersOf(ctx, a.collaborationId)).get(a.accountId) ?? null;
  }
}

@Resolver(() => MemberChangeSpecification)
export class MemberChangeSpecificationResolver {
  @FieldResolver(() => Member, { nullable: true, description: "The member, when the account is already in the collaboration." })
  async member(@Root() s: MemberChangeSpecification, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    return (await membersOf(ctx, s.collaborationId)).get(s.accountId) ?? null;
  }
}
