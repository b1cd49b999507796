import { Field, ObjectType } from "type-graphql";
import { PaymentConfiguration } from "../common/payment.type";
import { CustomMLMemberAbility, MemberAbility, MemberStatus } from "../common/enums";

/** A member of a collaboration, as ListMembers returns it, with the collaboration it belongs to. */
@ObjectType()
export class Member {
  @Field(() => String) accountId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => MemberStatus) status!: MemberStatus;
  @Field(() => [MemberAbility]) abilities!: MemberAbility[];
  @Field(() => [CustomMLMemberAbility]) mlAbilities!: CustomMLMemberAbility[];
  @Field(() => PaymentConfiguration) paymentConfiguration!: PaymentConfiguration;
  // isFederated and membership: MemberResolver
  collaborationId!: string;
  membershipId?: string;
  membershipArn?: string;
}
