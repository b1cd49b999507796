import { Field, ID, InputType } from "type-graphql";
import type { AwsStartProtectedQueryInput } from "../../aws/cleanrooms-api";
import { ResultFormat } from "../common/enums";
import { KeyValueInput, toMap } from "../common/key-value.input";
import { ComputeConfigurationInput, toAwsCompute } from "../run/run.input";

@InputType()
export class S3OutputInput {
  @Field(() => ResultFormat) resultFormat!: ResultFormat;
  @Field(() => String) bucket!: string;
  @Field(() => String, { nullable: true }) keyPrefix?: string | null;
  @Field(() => Boolean, { nullable: true }) singleFileOutput?: boolean | null;
}

@InputType()
export class MemberOutputInput {
  @Field(() => String) accountId!: string;
}

@InputType()
export class ProtectedQueryOutputInput {
  @Field(() => S3OutputInput, { nullable: true }) s3?: S3OutputInput | null;
  @Field(() => MemberOutputInput, { nullable: true }) member?: MemberOutputInput | null;
  @Field(() => [ProtectedQueryOutputInput], { nullable: true }) distribute?: ProtectedQueryOutputInput[] | null;
}

@InputType("SQLParametersInput")
export class SQLParametersInput {
  @Field(() => String, { nullable: true }) queryString?: string | null;
  @Field(() => String, { nullable: true }) analysisTemplateArn?: string | null;
  @Field(() => [KeyValueInput], { nullable: true }) parameters?: KeyValueInput[] | null;
}

@InputType()
export class StartProtectedQueryInput {
  @Field(() => ID) membershipId!: string;
  @Field(() => SQLParametersInput) sqlParameters!: SQLParametersInput;
  @Field(() => ProtectedQueryOutputInput, { nullable: true }) output?: ProtectedQueryOutputInput | null;
  @Field(() => ComputeConfigurationInput, { nullable: true }) computeConfiguration?: ComputeConfigurationInput | null;
  @Field(() => String, { nullable: true, description: "The member who pays the query compute; must be one of the collaboration's payer candidates." })
  payerAccountId?: string | null;
  @Field(() => String, { nullable: true, description: "A retry that repeats this key starts nothing new and returns the first result." })
  idempotencyKey?: string | null;
}

const s3 = (o: S3OutputInput) => ({
  resultFormat: o.resultFormat,
  bucket: o.bucket,
  ...(o.keyPrefix !== undefined && o.keyPrefix !== null ? { keyPrefix: o.keyPrefix } : {}),
  ...(o.singleFileOutput !== undefined && o.singleFileOutput !== null ? { singleFileOutput: o.singleFileOutput } : {}),
});

/** The output as AWS's union (the input checks made sure exactly one target is set). */
function toAwsOutput(o: ProtectedQueryOutputInput) {
  if (o.s3) return { s3: s3(o.s3) };
  if (o.member) return { member: { accountId: o.member.accountId } };
  return { distribute: { locations: o.distribute!.map((l) => (l.s3 ? { s3: s3(l.s3) } : { member: { accountId: l.member!.accountId } })) } };
}

/** StartProtectedQuery's input; the payer is sent only when the caller named one. */
export function toAwsStartQuery(i: StartProtectedQueryInput, payer: string | undefined): Omit<AwsStartProtectedQueryInput, "type"> {
  const sql = i.sqlParameters;
  return {
    membershipIdentifier: i.membershipId,
    sqlParameters: {
      ...(sql.queryString !== undefined && sql.queryString !== null ? { queryString: sql.queryString } : {}),
      ...(sql.analysisTemplateArn !== undefined && sql.analysisTemplateArn !== null ? { analysisTemplateArn: sql.analysisTemplateArn } : {}),
      ...(sql.parameters ? { parameters: toMap(sql.parameters) } : {}),
    },
    ...(i.output ? { resultConfiguration: { outputConfiguration: toAwsOutput(i.output) as never } } : {}),
    ...(i.computeConfiguration ? { computeConfiguration: toAwsCompute(i.computeConfiguration) as never } : {}),
    ...(payer ? { queryComputePayerAccountId: payer } : {}),
  };
}
