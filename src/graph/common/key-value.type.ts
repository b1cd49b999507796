import { Field, ObjectType } from "type-graphql";

@ObjectType()
export class KeyValue {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

/** AWS maps ({ name: value }) as the contract's key/value lists, in key order. */
export const keyValues = (map: Record<string, string> | undefined): KeyValue[] | undefined =>
  map && Object.entries(map).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value }));
