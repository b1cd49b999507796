import { Field, ID, InputType } from "type-graphql";
import type { AwsStartProtectedJobInput } from "../../aws/cleanrooms-api";
import { KeyValueInput, toMap } from "../common/key-value.input";
import { ComputeConfigurationInput, toAwsCompute } from "../run/run.input";

@InputType()
export class StartProtectedJobInput {
  @Field(() => ID) membershipId!: string;
  @Field(() => String) analysisTemplateArn!: string;
  @Field(() => [KeyValueInput], { nullable: true }) parameters?: KeyValueInput[] | null;
  @Field(() => String, { nullable: true }) receiverAccountId?: string | null;
  @Field(() => ComputeConfigurationInput, { nullable: true }) computeConfiguration?: ComputeConfigurationInput | null;
  @Field(() => String, { nullable: true, description: "The member who pays the job compute; must be one of the collaboration's payer candidates." })
  payerAccountId?: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

/** StartProtectedJob's input: results go to receiverAccountId when named (else AWS's default); the payer is sent only when named. */
export function toAwsStartJob(i: StartProtectedJobInput, payer: string | undefined): Omit<AwsStartProtectedJobInput, "type"> {
  return {
    membershipIdentifier: i.membershipId,
    jobParameters: { analysisTemplateArn: i.analysisTemplateArn, ...(i.parameters ? { parameters: toMap(i.parameters) } : {}) },
    ...(i.receiverAccountId ? { resultConfiguration: { outputConfiguration: { member: { accountId: i.receiverAccountId } } } } : {}),
    ...(i.computeConfiguration ? { computeConfiguration: toAwsCompute(i.computeConfiguration) as never } : {}),
    ...(payer ? { jobComputePayerAccountId: payer } : {}),
  };
}
