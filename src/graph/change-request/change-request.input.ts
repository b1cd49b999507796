import { Field, ID, InputType } from "type-graphql";
import { AutoApprovedChangeType, ChangeSpecificationType, CustomMLMemberAbility, MemberAbility } from "../common/enums";
import { PaymentConfigurationInput } from "../common/payment.input";

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
