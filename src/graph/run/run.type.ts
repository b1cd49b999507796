/** Types that protected queries and protected jobs share, and the factory of each kind's own. */
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
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

/** A run's output as the resolvers pass it: `memberList` resolves from the member ids (run.resolver.ts). */
export interface RunOutputNode {
  s3?: S3Location;
  memberAccountIds?: string[];
  collaborationId: string;
}

/**
 * A kind's object types: the run (`name`), its result and its output. The
 * summary's fields are known from lists; the rest (run.resolver.ts) are
 * loaded when selected. Called once per kind (run.kind.ts).
 */
export function runTypes(name: string, Status: object) {
  @ObjectType(`${name}Output`)
  class Output implements RunOutputNode {
    @Field(() => S3Location, { nullable: true }) s3?: S3Location;
    memberAccountIds?: string[];
    collaborationId!: string;
  }

  @ObjectType(`${name}Result`)
  class Result {
    @Field(() => Output) output!: Output;
  }

  @ObjectType(name)
  class Run {
    @Field(() => ID) id!: string;
    @Field(() => ID) membershipId!: string;
    @Field(() => Status) status!: string;
    @Field(() => Date) createTime!: Date;
    @Field(() => String, { nullable: true }) payerAccountId?: string;
  }

  return { Run, Result, Output };
}

export type RunTypes = ReturnType<typeof runTypes>;
