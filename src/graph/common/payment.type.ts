import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Whether a member pays for one cost type." })
export class PaymentResponsibility {
  @Field(() => Boolean, {
    description:
      "On a Member or a member change: true when the collaboration's creator made the member a payer candidate for this cost. On a Membership: true when the member has accepted to pay it.",
  })
  isResponsible!: boolean;
}

@ObjectType({ description: "Who pays for machine-learning costs (AWS paymentConfiguration.machineLearning); a part is null when AWS leaves it out." })
export class MLPaymentConfiguration {
  @Field(() => PaymentResponsibility, { nullable: true, description: "Training custom ML models; null when not configured." }) modelTraining?: PaymentResponsibility;
  @Field(() => PaymentResponsibility, { nullable: true, description: "Inference with custom ML models; null when not configured." }) modelInference?: PaymentResponsibility;
  @Field(() => PaymentResponsibility, { nullable: true, description: "Generating synthetic data; null when not configured." })
  syntheticDataGeneration?: PaymentResponsibility;
}

@ObjectType({
  description:
    "Which costs a member pays for, per cost type (AWS paymentConfiguration). On a Member and in a change request: what the collaboration's creator configured; on a Membership: what the member accepted.",
})
export class PaymentConfiguration {
  @Field(() => PaymentResponsibility, { description: "Compute for protected queries (cost type QUERY_COMPUTE)." }) queryCompute!: PaymentResponsibility;
  @Field(() => MLPaymentConfiguration, { nullable: true, description: "Machine-learning costs; null when AWS has none configured." })
  machineLearning?: MLPaymentConfiguration;
  @Field(() => PaymentResponsibility, { nullable: true, description: "Compute for protected jobs (cost type JOB_COMPUTE); null when not configured." })
  jobCompute?: PaymentResponsibility;
}
