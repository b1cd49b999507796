import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../node/node.type";

/** A membership of a federated account; fields the known summary lacks are loaded (GetMembership) when selected. */
@ObjectType({
  implements: Node,
  description: "A federated account's membership in a collaboration: the account's own settings there (AWS ListMemberships and GetMembership).",
})
export class Membership {
  @Field(() => ID, { description: "The membership's id (AWS Membership.id, a UUID)." }) id!: string;
  // every other field: MembershipResolver
}
