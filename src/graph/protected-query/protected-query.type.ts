import { Field, ID, ObjectType } from "type-graphql";
import { KeyValue } from "../common/key-value.type";
import { ProtectedQueryStatus } from "../common/enums";
import { S3Location } from "../run/run.type";

@ObjectType()
export class ProtectedQuerySQLParameters {
  @Field(() => String, { nullable: true }) queryString?: string;
  @Field(() => String, { nullable: true }) analysisTemplateArn?: string;
  @Field(() => [KeyValue], { nullable: true }) parameters?: KeyValue[];
}

@ObjectType()
export class ProtectedQueryOutput {
  @Field(() => S3Location, { nullable: true }) s3?: S3Location;
  // memberList: RunOutputResolver
  memberAccountIds?: string[];
  collaborationId!: string;
}

@ObjectType()
export class ProtectedQueryResult {
  @Field(() => ProtectedQueryOutput) output!: ProtectedQueryOutput;
}

/** A protected query; the summary's fields are known from lists, the rest loaded (GetProtectedQuery) when selected. */
@ObjectType()
export class ProtectedQuery {
  @Field(() => ID) id!: string;
  @Field(() => ID) membershipId!: string;
  @Field(() => ProtectedQueryStatus) status!: ProtectedQueryStatus;
  @Field(() => Date) createTime!: Date;
  @Field(() => String, { nullable: true }) payerAccountId?: string;
  // membership, sqlParameters, computeConfiguration, statistics, result, error, receivers, payer: ProtectedQueryResolver
}
