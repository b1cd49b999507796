import { Field, ObjectType } from "type-graphql";
import { KeyValue } from "../common/key-value.type";

@ObjectType({ description: "What a protected job runs (AWS jobParameters): a PySpark analysis template, with its parameters." })
export class ProtectedJobParameters {
  @Field(() => String, { description: "The ARN of the analysis template the job runs." }) analysisTemplateArn!: string;
  @Field(() => [KeyValue], { nullable: true, description: "The values given for the template's parameters, in key order; null when none were given." })
  parameters?: KeyValue[];
}
