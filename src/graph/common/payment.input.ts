import { Field, InputType } from "type-graphql";

@InputType()
export class PaymentResponsibilityInput {
  @Field(() => Boolean) isResponsible!: boolean;
}

@InputType()
export class MLPaymentConfigurationInput {
  @Field(() => PaymentResponsibilityInput, { nullable: true }) modelTraining?: PaymentResponsibilityInput | null;
  @Field(() => PaymentResponsibilityInput, { nullable: true }) modelInference?: PaymentResponsibilityInput | null;
  @Field(() => PaymentResponsibilityInput, { nullable: true }) syntheticDataGeneration?: PaymentResponsibilityInput | null;
}

@InputType()
export class PaymentConfigurationInput {
  @Field(() => PaymentResponsibilityInput) queryCompute!: PaymentResponsibilityInput;
  @Field(() => MLPaymentConfigurationInput, { nullable: true }) machineLearning?: MLPaymentConfigurationInput | null;
  @Field(() => PaymentResponsibilityInput, { nullable: true }) jobCompute?: PaymentResponsibilityInput | null;
}
