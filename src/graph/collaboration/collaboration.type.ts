import { Field, ID, ObjectType } from "type-graphql";

/**
 * A collaboration, once however many federated accounts see it. Fields that
 * the list summary lacks are loaded (GetCollaboration) only when selected.
 */
@ObjectType()
export class Collaboration {
  @Field(() => ID) id!: string;
  // every other field: CollaborationResolver, from the summary or GetCollaboration
}
