import { Field, ObjectType } from "type-graphql";

/** A member account that this gateway federates by assuming a role in it. */
@ObjectType({ description: "A member account that this gateway federates by assuming a role in it." })
export class Account {
  @Field(() => String) accountId!: string;
  @Field(() => String, { nullable: true }) alias?: string;
  @Field(() => String) region!: string;
  // status and memberships: AccountResolver
}
