import { Field, ID, InputType } from "type-graphql";
import { KeyValueInput } from "../common/key-value.input";
import { ComputeConfigurationInput } from "../run/run.input";

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
