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

type Responsibility = { isResponsible: boolean };
type MLParts = { modelTraining?: Responsibility | null; modelInference?: Responsibility | null; syntheticDataGeneration?: Responsibility | null };

const resp = (r: Responsibility | null | undefined) => (r ? { isResponsible: r.isResponsible } : undefined);

/** GraphQL's payment input (nulls allowed) as AWS's structure (absent members left out). */
export function toAwsMl(ml: MLParts | null | undefined) {
  if (!ml) return undefined;
  const out = { modelTraining: resp(ml.modelTraining), modelInference: resp(ml.modelInference), syntheticDataGeneration: resp(ml.syntheticDataGeneration) };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as typeof out;
}

export function toAwsPayment<P extends { queryCompute?: Responsibility | null; machineLearning?: MLParts | null; jobCompute?: Responsibility | null }>(p: P) {
  const out = { queryCompute: resp(p.queryCompute), machineLearning: toAwsMl(p.machineLearning), jobCompute: resp(p.jobCompute) };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as typeof out;
}
