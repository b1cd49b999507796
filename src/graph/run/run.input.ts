import { Field, InputType, Int } from "type-graphql";
import { WorkerComputeType } from "../common/enums";
import { KeyValueInput } from "../common/key-value.input";

@InputType()
export class WorkerComputeConfigurationInput {
  @Field(() => WorkerComputeType) type!: WorkerComputeType;
  @Field(() => Int) number!: number;
  @Field(() => [KeyValueInput], { nullable: true }) properties?: KeyValueInput[] | null;
}

@InputType()
export class ComputeConfigurationInput {
  @Field(() => WorkerComputeConfigurationInput) worker!: WorkerComputeConfigurationInput;
}
