import { Field, ID, ObjectType } from "type-graphql";
import { KeyValue } from "../common/key-value.type";
import { ProtectedJobStatus } from "../common/enums";
import { S3Location } from "../run/run.type";

@ObjectType()
export class ProtectedJobParameters {
  @Field(() => String) analysisTemplateArn!: string;
  @Field(() => [KeyValue], { nullable: true }) parameters?: KeyValue[];
}

@ObjectType()
export class ProtectedJobOutput {
  @Field(() => S3Location, { nullable: true }) s3?: S3Location;
  // memberList: RunOutputResolver
  memberAccountIds?: string[];
  collaborationId!: string;
}

@ObjectType()
export class ProtectedJobResult {
  @Field(() => ProtectedJobOutput) output!: ProtectedJobOutput;
}

/** A protected job; the summary's fields are known from lists, the rest loaded (GetProtectedJob) when selected. */
@ObjectType()
export class ProtectedJob {
  @Field(() => ID) id!: string;
  @Field(() => ID) membershipId!: string;
  @Field(() => ProtectedJobStatus) status!: ProtectedJobStatus;
  @Field(() => Date) createTime!: Date;
  @Field(() => String, { nullable: true }) payerAccountId?: string;
  // membership, jobParameters, computeConfiguration, statistics, result, error, receivers, payer: ProtectedJobResolver
}
