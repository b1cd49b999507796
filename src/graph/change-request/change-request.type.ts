import { Field, ID, ObjectType } from "type-graphql";
import type { AwsPaymentConfiguration } from "../../aws/cleanrooms-api";
import { accountIdOf } from "../common/descriptions";
import { PaymentConfiguration } from "../common/payment.type";
import { Node } from "../node/node.type";
import {
  ApprovalStatus,
  AutoApprovedChangeType,
  ChangeRequestStatus,
  ChangeSpecificationType,
  ChangeType,
  CustomMLMemberAbility,
  MemberAbility,
} from "../common/enums";

@ObjectType({ description: "A change to the collaboration's own settings (AWS ChangeSpecification.collaboration)." })
export class CollaborationChangeSpecification {
  @Field(() => [AutoApprovedChangeType], { description: "The change types the collaboration is to approve without a vote once the change takes effect." })
  autoApprovedChangeTypes!: AutoApprovedChangeType[];
}

@ObjectType({
  description: "A change to one member: adding it, or changing its abilities, payer candidacy or display name (AWS ChangeSpecification.member).",
})
export class MemberChangeSpecification {
  @Field(() => String, { description: accountIdOf("the member the change is about") }) accountId!: string;
  // member: ChangeRequestResolver (from the collaboration's member list)
  @Field(() => [MemberAbility], { description: "The abilities the member is to have once the change takes effect; empty: it only contributes data." })
  memberAbilities!: MemberAbility[];
  @Field(() => [CustomMLMemberAbility], { nullable: true, description: "The custom ML abilities the member is to have; null when the change does not set them." })
  mlMemberAbilities?: CustomMLMemberAbility[];
  // AWS's structure as it is, served as the contract's PaymentConfiguration.
  @Field(() => PaymentConfiguration, { nullable: true, description: "The costs the member is to be a payer candidate for; null when the change does not set them." })
  paymentConfiguration?: AwsPaymentConfiguration;
  @Field(() => String, { nullable: true, description: "The member's display name (set when adding a member); null when the change does not set it." })
  displayName?: string;
  collaborationId!: string;
  /** Its change's identity (the id field: node/node.resolver.ts). */
  changeRequestId!: string;
  index!: number;
}

@ObjectType({ implements: Node, description: "One change of a change request: what it is about, and what AWS says it amounts to (AWS Change)." })
export class Change {
  @Field(() => ChangeSpecificationType, { description: "Whether the change is about a member or the collaboration: says which of `member` and `collaboration` is set." })
  specificationType!: ChangeSpecificationType;
  @Field(() => [ChangeType], { description: "What the change amounts to, as AWS works it out from the specification (e.g. ADD_MEMBER, ADD_PAYER_CANDIDATE)." })
  types!: ChangeType[];
  @Field(() => MemberChangeSpecification, { nullable: true, description: "The member change; null unless specificationType is MEMBER." })
  member?: MemberChangeSpecification;
  @Field(() => CollaborationChangeSpecification, { nullable: true, description: "The collaboration change; null unless specificationType is COLLABORATION." })
  collaboration?: CollaborationChangeSpecification;
  // id and nodeId: node/ (its request and its position there)
  collaborationId!: string;
  changeRequestId!: string;
  index!: number;
}

@ObjectType({ description: "One member's vote on a change request, with the member resolved.", implements: Node })
export class Approval {
  @Field(() => String, { description: accountIdOf("the voting member") }) accountId!: string;
  // member: ApprovalResolver
  @Field(() => ApprovalStatus, { description: "The member's vote; PENDING until it votes." }) status!: ApprovalStatus;
  collaborationId!: string;
  changeRequestId!: string;
}

@ObjectType({
  implements: Node,
  description:
    "A proposed change to a collaboration (AWS CollaborationChangeRequest): submitted by the collaboration's creator, voted on by its members, then committed by the creator.",
})
export class ChangeRequest {
  @Field(() => ID, { description: "The change request's id (a UUID)." }) id!: string;
  @Field(() => ID, { description: "The id of the collaboration the request changes." }) collaborationId!: string;
  // collaboration: ChangeRequestResolver
  @Field(() => ChangeRequestStatus, { description: "Where the request stands." }) status!: ChangeRequestStatus;
  @Field(() => Boolean, { description: "True when the collaboration approved the request without a vote (all its change types are auto-approved)." })
  isAutoApproved!: boolean;
  @Field(() => Date, { description: "When the request was created (ISO 8601, UTC)." }) createTime!: Date;
  @Field(() => Date, { description: "When the request last changed, by a vote or a new status (ISO 8601, UTC)." }) updateTime!: Date;
  @Field(() => [Change], { description: "The changes the request proposes." }) changes!: Change[];
  @Field(() => [Approval], { description: "Each member's vote, in account id order." }) approvals!: Approval[];
}
