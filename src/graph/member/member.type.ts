import { Field, ObjectType } from "type-graphql";
import { PaymentConfiguration } from "../common/payment.type";
import { CustomMLMemberAbility, MemberAbility, MemberStatus } from "../common/enums";
import { accountIdOf } from "../common/descriptions";
import { Node } from "../node/node.type";

/** A member of a collaboration, as ListMembers returns it, with the collaboration it belongs to. */
@ObjectType({ implements: Node, description: "A member of a collaboration (AWS ListMembers), whether or not this gateway federates its account." })
export class Member {
  @Field(() => String, { description: accountIdOf("the member") }) accountId!: string;
  @Field(() => String, { description: "The member's display name in the collaboration." }) displayName!: string;
  @Field(() => MemberStatus, { description: "Where the member stands in the collaboration." }) status!: MemberStatus;
  @Field(() => [MemberAbility], { description: "What the member may do in the collaboration; empty for a member that only contributes data." })
  abilities!: MemberAbility[];
  @Field(() => [CustomMLMemberAbility], { description: "The member's custom ML abilities (AWS mlAbilities); empty when it has none." })
  mlAbilities!: CustomMLMemberAbility[];
  @Field(() => PaymentConfiguration, { description: "The costs the collaboration's creator made the member a payer candidate for." })
  paymentConfiguration!: PaymentConfiguration;
  // isFederated and membership: MemberResolver; id and nodeId: node/ (collaborationId + accountId)
  collaborationId!: string;
  membershipId?: string;
  membershipArn?: string;
}
