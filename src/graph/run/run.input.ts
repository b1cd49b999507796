import { Field, InputType, Int } from "type-graphql";
import { WorkerComputeType } from "../common/enums";
import { KeyValueInput, toMap } from "../common/key-value.input";

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

/** AWS's compute configuration (Spark properties as a map). */
export function toAwsCompute(c: ComputeConfigurationInput | null | undefined) {
  if (!c) return undefined;
  const { type, number, properties } = c.worker;
  return { worker: { type, number, ...(properties ? { properties: { spark: toMap(properties)! } } : {}) } };
}
