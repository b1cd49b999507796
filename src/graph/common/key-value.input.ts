import { Field, InputType } from "type-graphql";

@InputType({ description: "One entry of an AWS map (parameters, Spark properties) as a name and its value; a key may appear once per list." })
export class KeyValueInput {
  @Field(() => String, { description: "The entry's name." }) key!: string;
  @Field(() => String, { description: "The entry's value." }) value!: string;
}
