import { Field, ID, InputType } from "type-graphql";
import { AutoApprovedChangeType, ChangeSpecificationType, CustomMLMemberAbility, MemberAbility } from "../common/enums";
import { accountIdOf } from "../common/descriptions";
import { PaymentConfigurationInput } from "../common/payment.input";

@InputType({ description: "A change to one member: add it, or change its abilities, payer candidacy or display name. One change per member per request." })
export class MemberChangeSpecificationInput {
  @Field(() => String, { description: accountIdOf("the member to add or change") }) accountId!: string;
  @Field(() => [MemberAbility], { description: "The abilities the member is to have; [] for a member that only contributes data." })
  memberAbilities!: MemberAbility[];
  @Field(() => [CustomMLMemberAbility], { nullable: true, description: "The custom ML abilities the member is to have; left out: not sent to AWS." })
  mlMemberAbilities?: CustomMLMemberAbility[] | null;
  @Field(() => PaymentConfigurationInput, { nullable: true, description: "The costs the member is to be a payer candidate for; left out: not sent to AWS." })
  paymentConfiguration?: PaymentConfigurationInput | null;
  @Field(() => String, { nullable: true, description: "The member's display name, 1–100 characters; needed to add a member, optional otherwise." })
  displayName?: string | null;
}

@InputType({ description: "A change to the collaboration's own settings. At most one per request." })
export class CollaborationChangeSpecificationInput {
  @Field(() => [AutoApprovedChangeType], { description: "The change types the collaboration is to approve without a vote." })
  autoApprovedChangeTypes!: AutoApprovedChangeType[];
}

@InputType({ description: "One change to propose: set `member` or `collaboration`, whichever specificationType names, and leave the other out." })
export class ChangeInput {
  @Field(() => ChangeSpecificationType, { description: "What the change is about: MEMBER or COLLABORATION." }) specificationType!: ChangeSpecificationType;
  @Field(() => MemberChangeSpecificationInput, { nullable: true, description: "The member change; required when specificationType is MEMBER, else left out." })
  member?: MemberChangeSpecificationInput | null;
  @Field(() => CollaborationChangeSpecificationInput, {
    nullable: true,
    description: "The collaboration change; required when specificationType is COLLABORATION, else left out.",
  })
  collaboration?: CollaborationChangeSpecificationInput | null;
}

@InputType({ description: "A change request to submit (AWS CreateCollaborationChangeRequest)." })
export class CreateChangeRequestInput {
  @Field(() => ID, { description: "The id of the collaboration to change (a UUID)." }) collaborationId!: string;
  @Field(() => [ChangeInput], { description: "The changes to propose: 1–10 of them." }) changes!: ChangeInput[];
}
