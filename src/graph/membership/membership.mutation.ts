/**
 * updateMembershipPaymentConfiguration: a member accepts (or declines) the
 * costs the collaboration made it responsible for, as the membership's own
 * account. AWS refuses a value that contradicts the collaboration; that
 * refusal is mapped (BAD_USER_INPUT), not masked.
 */
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { checkMembershipPayment, checkUuid } from "../../federation/run-inputs";
import { toAwsPayment } from "../common/payment.input";
import { membershipHolder, rejectProblems, requireAnyGrant, requireGrant, writing } from "../common/mutation";
import type { GraphContext } from "../context";
import type { MembershipNode } from "../nodes";
import { MembershipPaymentConfigurationInput } from "./membership.input";
import { Membership } from "./membership.type";

@Resolver()
export class MembershipMutationResolver {
  @Mutation(() => Membership)
  async updateMembershipPaymentConfiguration(
    @Arg("membershipId", () => ID) membershipId: string,
    @Arg("paymentConfiguration", () => MembershipPaymentConfigurationInput) paymentConfiguration: MembershipPaymentConfigurationInput,
    @Ctx() ctx: GraphContext,
  ): Promise<MembershipNode> {
    rejectProblems([...checkUuid("membershipId", membershipId), ...checkMembershipPayment("paymentConfiguration", paymentConfiguration)]);
    requireAnyGrant(ctx, "run");
    const { accountId, collaborationId } = await membershipHolder(ctx, membershipId);
    requireGrant(ctx, accountId, "run");
    const out = await writing(accountId, () => ctx.api.updateMembershipPayment(accountId, membershipId, toAwsPayment(paymentConfiguration)));
    const m = out.membership!;
    // Every field selected from the result shows the membership as AWS just returned it.
    ctx.loaders.membership.clear(membershipId).prime(membershipId, m);
    ctx.loaders.membershipPage.clearAll();
    return { id: membershipId, accountId, collaborationId, known: m };
  }
}
