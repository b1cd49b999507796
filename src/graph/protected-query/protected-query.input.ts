import { Field, ID, InputType } from "type-graphql";
import { ResultFormat } from "../common/enums";
import { KeyValueInput } from "../common/key-value.input";
import { ComputeConfigurationInput } from "../run/run.input";

@InputType()
export class S3OutputInput {
  @Field(() => ResultFormat) resultFormat!: ResultFormat;
  @Field(() => String) bucket!: string;
  @Field(() => String, { nullable: true }) keyPrefix?: string | null;
  @Field(() => Boolean, { nullable: true }) singleFileOutput?: boolean | null;
}

@InputType()
export class MemberOutputInput {
  @Field(() => String) accountId!: string;
}

@InputType()
export class ProtectedQueryOutputInput {
  @Field(() => S3OutputInput, { nullable: true }) s3?: S3OutputInput | null;
  @Field(() => MemberOutputInput, { nullable: true }) member?: MemberOutputInput | null;
  @Field(() => [ProtectedQueryOutputInput], { nullable: true }) distribute?: ProtectedQueryOutputInput[] | null;
}

@InputType("SQLParametersInput")
export class SQLParametersInput {
  @Field(() => String, { nullable: true }) queryString?: string | null;
  @Field(() => String, { nullable: true }) analysisTemplateArn?: string | null;
  @Field(() => [KeyValueInput], { nullable: true }) parameters?: KeyValueInput[] | null;
}

@InputType()
export class StartProtectedQueryInput {
  @Field(() => ID) membershipId!: string;
  @Field(() => SQLParametersInput) sqlParameters!: SQLParametersInput;
  @Field(() => ProtectedQueryOutputInput, { nullable: true }) output?: ProtectedQueryOutputInput | null;
  @Field(() => ComputeConfigurationInput, { nullable: true }) computeConfiguration?: ComputeConfigurationInput | null;
  @Field(() => String, { nullable: true, description: "The member who pays the query compute; must be one of the collaboration's payer candidates." })
  payerAccountId?: string | null;
  @Field(() => String, { nullable: true, description: "A retry that repeats this key starts nothing new and returns the first result." })
  idempotencyKey?: string | null;
}
