/** Types that protected queries and protected jobs share. */
import { Field, Float, Int, ObjectType } from "type-graphql";
import { KeyValue } from "../common/key-value.type";
import { WorkerComputeType } from "../common/enums";

@ObjectType()
export class WorkerComputeConfiguration {
  @Field(() => WorkerComputeType, { nullable: true }) type?: WorkerComputeType;
  @Field(() => Int, { nullable: true }) number?: number;
  @Field(() => [KeyValue], { nullable: true }) properties?: KeyValue[];
}

@ObjectType()
export class ComputeConfiguration {
  @Field(() => WorkerComputeConfiguration, { nullable: true }) worker?: WorkerComputeConfiguration;
}

@ObjectType()
export class ResourceUtilization {
  @Field(() => Float) units!: number;
}

@ObjectType()
export class ProtectedRunStatistics {
  @Field(() => Float, { nullable: true }) totalDurationInMillis?: number;
  @Field(() => ResourceUtilization, { nullable: true }) billedResourceUtilization?: ResourceUtilization;
}

@ObjectType()
export class ProtectedRunError {
  @Field(() => String) message!: string;
  @Field(() => String) code!: string;
}

@ObjectType()
export class S3Location {
  @Field(() => String) location!: string;
}
