import { Field, ID, InputType } from "type-graphql";
import type { AwsChangeInput } from "../../aws/cleanrooms-api";
import { AutoApprovedChangeType, ChangeSpecificationType, CustomMLMemberAbility, MemberAbility } from "../common/enums";
import { PaymentConfigurationInput, toAwsPayment } from "../common/payment.input";

@InputType()
export class MemberChangeSpecificationInput {
  @Field(() => String) accountId!: string;
  @Field(() => [MemberAbility]) memberAbilities!: MemberAbility[];
  @Field(() => [CustomMLMemberAbility], { nullable: true }) mlMemberAbilities?: CustomMLMemberAbility[] | null;
  @Field(() => PaymentConfigurationInput, { nullable: true }) paymentConfiguration?: PaymentConfigurationInput | null;
  @Field(() => String, { nullable: true }) displayName?: string | null;
}

@InputType()
export class CollaborationChangeSpecificationInput {
  @Field(() => [AutoApprovedChangeType]) autoApprovedChangeTypes!: AutoApprovedChangeType[];
}

@InputType()
export class ChangeInput {
  @Field(() => ChangeSpecificationType) specificationType!: ChangeSpecificationType;
  @Field(() => MemberChangeSpecificationInput, { nullable: true }) member?: MemberChangeSpecificationInput | null;
  @Field(() => CollaborationChangeSpecificationInput, { nullable: true }) collaboration?: CollaborationChangeSpecificationInput | null;
}

@InputType()
export class CreateChangeRequestInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => [ChangeInput]) changes!: ChangeInput[];
}

/**
 * A change as AWS takes it. mlMemberAbilities and paymentConfiguration left
 * out mean "unchanged"; given, they are the member's whole new setting
 * (ADD_PAYER_CANDIDATE / REMOVE_PAYER_CANDIDATE and the ML grants follow from
 * the difference, as AWS derives them).
 */
export function toAwsChange(c: ChangeInput): AwsChangeInput {
  if (c.specificationType === ChangeSpecificationType.COLLABORATION) {
    return { specificationType: "COLLABORATION", specification: { collaboration: { autoApprovedChangeTypes: [...c.collaboration!.autoApprovedChangeTypes] } } };
  }
  const m = c.member!;
  return {
    specificationType: "MEMBER",
    specification: {
      member: {
        accountId: m.accountId,
        memberAbilities: [...m.memberAbilities],
        ...(m.mlMemberAbilities ? { mlMemberAbilities: { customMLMemberAbilities: [...m.mlMemberAbilities] } } : {}),
        ...(m.paymentConfiguration ? { paymentConfiguration: toAwsPayment(m.paymentConfiguration) as never } : {}),
        ...(m.displayName !== undefined && m.displayName !== null ? { displayName: m.displayName } : {}),
      },
    },
  };
}
