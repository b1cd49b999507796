import { Field, ID, InputType } from "type-graphql";
import { accountIdOf, PARAMETERS_INPUT, TEMPLATE_ARN_FORMAT } from "../common/descriptions";
import { ResultFormat } from "../common/enums";
import { KeyValueInput } from "../common/key-value.input";
import { ComputeConfigurationInput } from "../run/run.input";

@InputType({ description: "Write a query's results to Amazon S3." })
export class S3OutputInput {
  @Field(() => ResultFormat, { description: "The file format of the results." }) resultFormat!: ResultFormat;
  @Field(() => String, { description: "The S3 bucket's name (3–63 lowercase letters, digits, dots and hyphens)." }) bucket!: string;
  @Field(() => String, { nullable: true, description: "The key prefix to write the results under: at most 512 letters, digits and _ ! . = * / -. Optional." })
  keyPrefix?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "True to write the results as one file, false for several; Spark analytics engine only. Left out: AWS's default.",
  })
  singleFileOutput?: boolean | null;
}

@InputType({ description: "Send a query's results to one member of the collaboration." })
export class MemberOutputInput {
  @Field(() => String, { description: accountIdOf("the member who is to receive the results") }) accountId!: string;
}

@InputType({ description: "Where a query's results go: set exactly one of s3, member and distribute." })
export class ProtectedQueryOutputInput {
  @Field(() => S3OutputInput, { nullable: true, description: "Write the results to S3." }) s3?: S3OutputInput | null;
  @Field(() => MemberOutputInput, { nullable: true, description: "Send the results to one member." }) member?: MemberOutputInput | null;
  @Field(() => [ProtectedQueryOutputInput], {
    nullable: true,
    description: "Send the results to several places: each entry sets s3 or member (at most one s3, no nesting). Spark analytics engine only.",
  })
  distribute?: ProtectedQueryOutputInput[] | null;
}

@InputType("SQLParametersInput", { description: "The SQL to run: exactly one of queryString and analysisTemplateArn, and parameters for a template." })
export class SQLParametersInput {
  @Field(() => String, { nullable: true, description: "The SQL text: not empty, at most 500,000 characters." }) queryString?: string | null;
  @Field(() => String, { nullable: true, description: `The ARN of the analysis template to run (${TEMPLATE_ARN_FORMAT}).` }) analysisTemplateArn?: string | null;
  @Field(() => [KeyValueInput], { nullable: true, description: PARAMETERS_INPUT }) parameters?: KeyValueInput[] | null;
}

@InputType({ description: "A protected query to start (AWS StartProtectedQuery, type SQL)." })
export class StartProtectedQueryInput {
  @Field(() => ID, {
    description: "The membership to run the query in (a UUID); one of the caller's accounts must hold it, with the run grant, and be able to query.",
  })
  membershipId!: string;
  @Field(() => SQLParametersInput, { description: "The SQL to run." }) sqlParameters!: SQLParametersInput;
  @Field(() => ProtectedQueryOutputInput, { nullable: true, description: "Where the results go. Left out: the membership's default result configuration." })
  output?: ProtectedQueryOutputInput | null;
  @Field(() => ComputeConfigurationInput, { nullable: true, description: "The workers to run on. Left out: AWS's default." })
  computeConfiguration?: ComputeConfigurationInput | null;
  @Field(() => String, { nullable: true, description: "The member who pays the query compute; must be one of the collaboration's payer candidates." })
  payerAccountId?: string | null;
  @Field(() => String, { nullable: true, description: "A retry that repeats this key starts nothing new and returns the first result." })
  idempotencyKey?: string | null;
}
