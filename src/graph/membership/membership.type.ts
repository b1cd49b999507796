import { Field, ID, ObjectType } from "type-graphql";

/** A membership of a federated account; fields the known summary lacks are loaded (GetMembership) when selected. */
@ObjectType()
export class Membership {
  @Field(() => ID) id!: string;
  // every other field: MembershipResolver
}
