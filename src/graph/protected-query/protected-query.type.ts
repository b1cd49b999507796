import { Field, ObjectType } from "type-graphql";
import { KeyValue } from "../common/key-value.type";

@ObjectType()
export class ProtectedQuerySQLParameters {
  @Field(() => String, { nullable: true }) queryString?: string;
  @Field(() => String, { nullable: true }) analysisTemplateArn?: string;
  @Field(() => [KeyValue], { nullable: true }) parameters?: KeyValue[];
}
