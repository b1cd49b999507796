/**
 * updateMembershipPaymentConfiguration: a member accepts (or declines) the
 * costs the collaboration made it responsible for, as the membership's own
 * account. AWS refuses a value that contradicts the collaboration; that
 * refusal is mapped (BAD_USER_INPUT), not masked.
 */
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { checkMembershipPayment, checkUuid } from "../../inputs/run-inputs";
import { actAsHolder, writing } from "../../federation/acting";
import { rejectProblems } from "../../inputs/problems";
import type { GraphContext } from "../context";
import type { MembershipNode } from "../nodes";
import { MembershipPaymentConfigurationInput } from "./membership.input";
import { Membership } from "./membership.type";

@Resolver()
export class MembershipMutationResolver {
  @Mutation(() => Membership, {
    description: "Accept or decline the costs the collaboration made a member responsible for, as the account that holds the membership (AWS UpdateMembership).",
  })
  async updateMembershipPaymentConfiguration(
    @Arg("membershipId", () => ID, { description: "The membership's id (a UUID); one of the caller's accounts must hold it." }) membershipId: string,
    @Arg("paymentConfiguration", () => MembershipPaymentConfigurationInput, { description: "The responsibilities to accept or decline." })
    paymentConfiguration: MembershipPaymentConfigurationInput,
    @Ctx() ctx: GraphContext,
  ): Promise<MembershipNode> {
    rejectProblems([...checkUuid("membershipId", membershipId), ...checkMembershipPayment("paymentConfiguration", paymentConfiguration)]);
    const { accountId, collaborationId, region } = await actAsHolder(ctx, membershipId);
    const out = await writing(accountId, () => ctx.api.updateMembershipPayment({ accountId, region }, membershipId, paymentConfiguration));
    const m = out.membership!;
    // Every field selected from the result shows the membership as AWS just returned it.
    ctx.loaders.membership.clear(membershipId).prime(membershipId, m);
    ctx.loaders.membershipPage.clearAll();
    return { id: membershipId, accountId, collaborationId, known: m };
  }
}
