import { Field, ObjectType } from "type-graphql";
import { Node } from "../node/node.type";

/** A member account that this gateway federates by assuming a role in it. */
@ObjectType({ description: "A member account that this gateway federates by assuming a role in it.", implements: Node })
export class Account {
  @Field(() => String, { description: "The AWS account id (12 digits)." }) accountId!: string;
  @Field(() => String, { nullable: true, description: "The account's name in the gateway's configuration (accounts[].alias); null when none is configured." })
  alias?: string;
  @Field(() => String, { description: "The AWS Region in which the gateway calls Clean Rooms for this account (e.g. us-east-1), from the gateway's configuration." })
  region!: string;
  @Field(() => [String], {
    description: "The AWS Regions the gateway reads this account's Clean Rooms resources in, from the gateway's configuration, `region` first: those the caller's grants cover.",
  })
  regions!: string[];
  // status and memberships: AccountResolver; id and nodeId: node/
}
