import { Field, ObjectType } from "type-graphql";
import { KeyValue } from "../common/key-value.type";

@ObjectType()
export class ProtectedJobParameters {
  @Field(() => String) analysisTemplateArn!: string;
  @Field(() => [KeyValue], { nullable: true }) parameters?: KeyValue[];
}
