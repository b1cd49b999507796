import { Field, ObjectType } from "type-graphql";

@ObjectType()
export class PaymentResponsibility {
  @Field(() => Boolean) isResponsible!: boolean;
}

@ObjectType()
export class MLPaymentConfiguration {
  @Field(() => PaymentResponsibility, { nullable: true }) modelTraining?: PaymentResponsibility;
  @Field(() => PaymentResponsibility, { nullable: true }) modelInference?: PaymentResponsibility;
  @Field(() => PaymentResponsibility, { nullable: true }) syntheticDataGeneration?: PaymentResponsibility;
}

@ObjectType()
export class PaymentConfiguration {
  @Field(() => PaymentResponsibility) queryCompute!: PaymentResponsibility;
  @Field(() => MLPaymentConfiguration, { nullable: true }) machineLearning?: MLPaymentConfiguration;
  @Field(() => PaymentResponsibility, { nullable: true }) jobCompute?: PaymentResponsibility;
}
