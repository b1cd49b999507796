import { Field, InputType, Int } from "type-graphql";
import { WorkerComputeType } from "../common/enums";
import { KeyValueInput } from "../common/key-value.input";

@InputType({ description: "The workers to run a protected query or job on." })
export class WorkerComputeConfigurationInput {
  @Field(() => WorkerComputeType, { description: "The size of each worker: CR_1X, CR_4X or CR_8X for SQL queries; CR_1X or CR_4X for PySpark jobs." })
  type!: WorkerComputeType;
  @Field(() => Int, { description: "How many workers: 2–400 for SQL queries, 4–128 for PySpark jobs." }) number!: number;
  @Field(() => [KeyValueInput], {
    nullable: true,
    description: "Spark properties to set: at most 50, keys of 1–200 characters, values of at most 500. Left out: none.",
  })
  properties?: KeyValueInput[] | null;
}

@InputType({ description: "The compute to run a protected query or job on (AWS computeConfiguration)." })
export class ComputeConfigurationInput {
  @Field(() => WorkerComputeConfigurationInput, { description: "The workers." }) worker!: WorkerComputeConfigurationInput;
}
