import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { CustomMLMemberAbility } from "../common/enums";
import type { GraphContext } from "../context";
import { Membership } from "../membership/membership.type";
import { membershipFromMember, type MemberNode, type MembershipNode } from "../nodes";
import { Member } from "./member.type";

@Resolver(() => Member)
export class MemberResolver {
  @FieldResolver(() => [CustomMLMemberAbility])
  mlAbilities(@Root() m: MemberNode) {
    return m.mlAbilities?.customMLMemberAbilities ?? [];
  }

  @FieldResolver(() => Boolean, { description: "True when this gateway federates the member's account." })
  isFederated(@Root() m: MemberNode, @Ctx() ctx: GraphContext): boolean {
    return ctx.accounts.some((a) => a.accountId === m.accountId);
  }

  @FieldResolver(() => Membership, { nullable: true, description: "The member's membership, when its account is federated." })
  membership(@Root() m: MemberNode, @Ctx() ctx: GraphContext): MembershipNode | null {
    // Behind an account that is down (there: in the collaboration's region), the membership is that account's part of the graph: left out.
    return m.membershipId && this.isFederated(m, ctx) && !ctx.health.isDown(m.accountId!, ctx.router.collaborationRegion(m.collaborationId)) ? membershipFromMember(m) : null;
  }
}
