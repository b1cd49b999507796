import { Field, ID, InputType } from "type-graphql";
import { IDEMPOTENCY_KEY, PARAMETERS_INPUT, TEMPLATE_ARN_FORMAT } from "../common/descriptions";
import { KeyValueInput } from "../common/key-value.input";
import { ComputeConfigurationInput } from "../run/run.input";

@InputType({ description: "A protected job to start (AWS StartProtectedJob, type PYSPARK)." })
export class StartProtectedJobInput {
  @Field(() => ID, {
    description: "The membership to run the job in (a UUID); one of the caller's accounts must hold it, with the run grant, and be able to run jobs.",
  })
  membershipId!: string;
  @Field(() => String, { description: `The ARN of the PySpark analysis template to run (${TEMPLATE_ARN_FORMAT}).` }) analysisTemplateArn!: string;
  @Field(() => [KeyValueInput], { nullable: true, description: PARAMETERS_INPUT }) parameters?: KeyValueInput[] | null;
  @Field(() => String, {
    nullable: true,
    description: "The AWS account id (12 digits) of the member who is to receive the results. Left out: the membership's default job result configuration.",
  })
  receiverAccountId?: string | null;
  @Field(() => ComputeConfigurationInput, { nullable: true, description: "The workers to run on. Left out: AWS's default." })
  computeConfiguration?: ComputeConfigurationInput | null;
  @Field(() => String, { nullable: true, description: "The member who pays the job compute; must be one of the collaboration's payer candidates." })
  payerAccountId?: string | null;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY }) idempotencyKey?: string | null;
}
