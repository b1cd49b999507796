import { Field, InputType } from "type-graphql";

@InputType({ description: "Whether a member pays for one cost type." })
export class PaymentResponsibilityInput {
  @Field(() => Boolean, {
    description: "In a member change: true to make the member a payer candidate for this cost. In a membership update: true to accept paying it, false to decline.",
  })
  isResponsible!: boolean;
}

@InputType({ description: "Who pays for machine-learning costs; a part left out is not sent to AWS (a membership update must set at least one)." })
export class MLPaymentConfigurationInput {
  @Field(() => PaymentResponsibilityInput, { nullable: true, description: "Training custom ML models." }) modelTraining?: PaymentResponsibilityInput | null;
  @Field(() => PaymentResponsibilityInput, { nullable: true, description: "Inference with custom ML models." }) modelInference?: PaymentResponsibilityInput | null;
  @Field(() => PaymentResponsibilityInput, { nullable: true, description: "Generating synthetic data." })
  syntheticDataGeneration?: PaymentResponsibilityInput | null;
}

@InputType({ description: "The costs a member is to be a payer candidate for, per cost type (AWS PaymentConfiguration of a member change)." })
export class PaymentConfigurationInput {
  @Field(() => PaymentResponsibilityInput, { description: "Compute for protected queries (cost type QUERY_COMPUTE)." }) queryCompute!: PaymentResponsibilityInput;
  @Field(() => MLPaymentConfigurationInput, { nullable: true, description: "Machine-learning costs; left out: not sent." })
  machineLearning?: MLPaymentConfigurationInput | null;
  @Field(() => PaymentResponsibilityInput, { nullable: true, description: "Compute for protected jobs (cost type JOB_COMPUTE); left out: not sent." })
  jobCompute?: PaymentResponsibilityInput | null;
}
