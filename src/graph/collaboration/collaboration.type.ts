import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../node/node.type";

/**
 * A collaboration, once however many federated accounts see it. Fields that
 * the list summary lacks are loaded (GetCollaboration) only when selected.
 */
@ObjectType({
  implements: Node,
  description: "A Clean Rooms collaboration, listed once however many federated accounts belong to it (AWS ListCollaborations and GetCollaboration).",
})
export class Collaboration {
  @Field(() => ID, { description: "The collaboration's id (AWS Collaboration.id, a UUID)." }) id!: string;
  // every other field: CollaborationResolver, from the summary or GetCollaboration
}
