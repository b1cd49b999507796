import { Field, InputType } from "type-graphql";

@InputType()
export class KeyValueInput {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

/** The contract's key/value list as AWS's map; keys are unique (the input checks say so first). */
export const toMap = (list: readonly KeyValueInput[] | undefined | null): Record<string, string> | undefined =>
  list ? Object.fromEntries(list.map(({ key, value }) => [key, value])) : undefined;
