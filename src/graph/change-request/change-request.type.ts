import { Field, ID, ObjectType } from "type-graphql";
import type { AwsPaymentConfiguration } from "../../aws/cleanrooms-api";
import { PaymentConfiguration } from "../common/payment.type";
import {
  ApprovalStatus,
  AutoApprovedChangeType,
  ChangeRequestStatus,
  ChangeSpecificationType,
  ChangeType,
  CustomMLMemberAbility,
  MemberAbility,
} from "../common/enums";

@ObjectType()
export class CollaborationChangeSpecification {
  @Field(() => [AutoApprovedChangeType]) autoApprovedChangeTypes!: AutoApprovedChangeType[];
}

@ObjectType()
export class MemberChangeSpecification {
  @Field(() => String) accountId!: string;
  // member: ChangeRequestResolver (from the collaboration's member list)
  @Field(() => [MemberAbility]) memberAbilities!: MemberAbility[];
  @Field(() => [CustomMLMemberAbility], { nullable: true }) mlMemberAbilities?: CustomMLMemberAbility[];
  // AWS's structure as it is, served as the contract's PaymentConfiguration.
  @Field(() => PaymentConfiguration, { nullable: true }) paymentConfiguration?: AwsPaymentConfiguration;
  @Field(() => String, { nullable: true }) displayName?: string;
  collaborationId!: string;
}

@ObjectType()
export class Change {
  @Field(() => ChangeSpecificationType) specificationType!: ChangeSpecificationType;
  @Field(() => [ChangeType]) types!: ChangeType[];
  @Field(() => MemberChangeSpecification, { nullable: true }) member?: MemberChangeSpecification;
  @Field(() => CollaborationChangeSpecification, { nullable: true }) collaboration?: CollaborationChangeSpecification;
}

@ObjectType({ description: "One member's vote on a change request, with the member resolved." })
export class Approval {
  @Field(() => String) accountId!: string;
  // member: ApprovalResolver
  @Field(() => ApprovalStatus) status!: ApprovalStatus;
  collaborationId!: string;
}

@ObjectType()
export class ChangeRequest {
  @Field(() => ID) id!: string;
  @Field(() => ID) collaborationId!: string;
  // collaboration: ChangeRequestResolver
  @Field(() => ChangeRequestStatus) status!: ChangeRequestStatus;
  @Field(() => Boolean) isAutoApproved!: boolean;
  @Field(() => Date) createTime!: Date;
  @Field(() => Date) updateTime!: Date;
  @Field(() => [Change]) changes!: Change[];
  @Field(() => [Approval]) approvals!: Approval[];
}
