/** Types that protected queries and protected jobs share, and the factory of each kind's own. */
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { KeyValue } from "../common/key-value.type";
import { WorkerComputeType } from "../common/enums";
import { Node } from "../node/node.type";
import { ProtectedRun } from "./run.interface";

@ObjectType({ description: "The workers that run a protected query or job (AWS computeConfiguration.worker)." })
export class WorkerComputeConfiguration {
  @Field(() => WorkerComputeType, { nullable: true, description: "The size of each worker; null when AWS does not say." }) type?: WorkerComputeType;
  @Field(() => Int, { nullable: true, description: "How many workers (SQL queries: 2–400; PySpark jobs: 4–128); null when AWS does not say." })
  number?: number;
  @Field(() => [KeyValue], { nullable: true, description: "The Spark properties set for the run, in key order; null when none were set." })
  properties?: KeyValue[];
}

@ObjectType({ description: "The compute a protected query or job runs on (AWS computeConfiguration)." })
export class ComputeConfiguration {
  @Field(() => WorkerComputeConfiguration, { nullable: true, description: "The workers; null when AWS does not say." }) worker?: WorkerComputeConfiguration;
}

@ObjectType({ description: "The compute billed for a protected query or job (AWS billedResourceUtilization)." })
export class ResourceUtilization {
  @Field(() => Float, { description: "Clean Rooms Processing Unit (CRPU) hours billed." }) units!: number;
}

@ObjectType({ description: "How a protected query or job ran (AWS statistics), as AWS reports it, usually once the run has ended." })
export class ProtectedRunStatistics {
  @Field(() => Float, { nullable: true, description: "How long the run took, from its creation to its end, in milliseconds; null until AWS reports it." })
  totalDurationInMillis?: number;
  @Field(() => ResourceUtilization, { nullable: true, description: "The compute billed for the run; null until AWS reports it." })
  billedResourceUtilization?: ResourceUtilization;
}

@ObjectType({ description: "Why a protected query or job failed (AWS error)." })
export class ProtectedRunError {
  @Field(() => String, { description: "AWS's explanation of the failure." }) message!: string;
  @Field(() => String, { description: "AWS's error code for the failure." }) code!: string;
}

@ObjectType({ description: "Where in Amazon S3 a run's results were written." })
export class S3Location {
  @Field(() => String, { description: "The S3 location of the results, as AWS reports it." }) location!: string;
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
  const noun = runNoun(name);

  @ObjectType(`${name}Output`, { description: `Where a ${noun}'s results went (AWS result.output); of a distributed result, its S3 part and its members.` })
  class Output implements RunOutputNode {
    @Field(() => S3Location, { nullable: true, description: "The results in Amazon S3; null when they did not go to S3." }) s3?: S3Location;
    memberAccountIds?: string[];
    collaborationId!: string;
  }

  @ObjectType(`${name}Result`, { description: `The outcome of a successful ${noun} (AWS result).` })
  class Result {
    @Field(() => Output, { description: "Where the results went." }) output!: Output;
  }

  // ProtectedRun: what both kinds share, for the lists and subscriptions that mix them (run.interface.ts).
  @ObjectType(name, { implements: [Node, ProtectedRun], description: `A ${noun}: an analysis run in a collaboration through one membership (AWS ${name}).` })
  class Run {
    @Field(() => ID, { description: `The ${noun}'s id (a UUID).` }) id!: string;
    @Field(() => ID, { description: `The id of the membership the ${noun} runs in (a UUID).` }) membershipId!: string;
    @Field(() => Status, { description: `Where the ${noun} stands.` }) status!: string;
    @Field(() => Date, { description: `When the ${noun} was created (ISO 8601, UTC).` }) createTime!: Date;
    @Field(() => String, {
      nullable: true,
      description: `The AWS account id (12 digits) of the member who pays for the ${noun}'s compute; null when AWS does not report one.`,
    })
    payerAccountId?: string;
  }

  return { Run, Result, Output };
}

export type RunTypes = ReturnType<typeof runTypes>;

/** A kind's noun in descriptions: ProtectedQuery → "protected query". */
export const runNoun = (name: string): string => name.replace(/(?<=[a-z])(?=[A-Z])/g, " ").toLowerCase();
