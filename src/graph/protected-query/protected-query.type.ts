import { Field, ObjectType } from "type-graphql";
import { KeyValue } from "../common/key-value.type";

@ObjectType({ description: "The SQL a protected query runs (AWS sqlParameters): a query string or an analysis template, with its parameters." })
export class ProtectedQuerySQLParameters {
  @Field(() => String, { nullable: true, description: "The SQL text; null when the query runs an analysis template." }) queryString?: string;
  @Field(() => String, { nullable: true, description: "The ARN of the analysis template the query runs; null when it runs a query string." })
  analysisTemplateArn?: string;
  @Field(() => [KeyValue], { nullable: true, description: "The values given for the template's parameters, in key order; null when none were given." })
  parameters?: KeyValue[];
}
