import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "One entry of an AWS map (parameters, Spark properties) as a name and its value; lists of them are in key order." })
export class KeyValue {
  @Field(() => String, { description: "The entry's name." }) key!: string;
  @Field(() => String, { description: "The entry's value." }) value!: string;
}

/** AWS maps ({ name: value }) as the contract's key/value lists, in key order. */
export const keyValues = (map: Record<string, string> | undefined): KeyValue[] | undefined =>
  map && Object.entries(map).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value }));
