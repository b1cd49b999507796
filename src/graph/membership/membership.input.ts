import { Field, InputType } from "type-graphql";
import { MLPaymentConfigurationInput, PaymentResponsibilityInput } from "../common/payment.input";

@InputType({
  description:
    "The costs a member accepts (or declines) to pay (AWS UpdateMembership paymentConfiguration). Set at least one; what is left out stays as it is. AWS refuses a value that contradicts the collaboration's configuration.",
})
export class MembershipPaymentConfigurationInput {
  @Field(() => PaymentResponsibilityInput, { nullable: true, description: "Compute for protected queries; left out: unchanged." })
  queryCompute?: PaymentResponsibilityInput | null;
  @Field(() => MLPaymentConfigurationInput, { nullable: true, description: "Machine-learning costs; left out: unchanged." })
  machineLearning?: MLPaymentConfigurationInput | null;
  @Field(() => PaymentResponsibilityInput, { nullable: true, description: "Compute for protected jobs; left out: unchanged." })
  jobCompute?: PaymentResponsibilityInput | null;
}
