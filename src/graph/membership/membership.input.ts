import { Field, InputType } from "type-graphql";
import { MLPaymentConfigurationInput, PaymentResponsibilityInput } from "../common/payment.input";

@InputType()
export class MembershipPaymentConfigurationInput {
  @Field(() => PaymentResponsibilityInput, { nullable: true }) queryCompute?: PaymentResponsibilityInput | null;
  @Field(() => MLPaymentConfigurationInput, { nullable: true }) machineLearning?: MLPaymentConfigurationInput | null;
  @Field(() => PaymentResponsibilityInput, { nullable: true }) jobCompute?: PaymentResponsibilityInput | null;
}
