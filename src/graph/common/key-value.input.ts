import { Field, InputType } from "type-graphql";

@InputType()
export class KeyValueInput {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}
