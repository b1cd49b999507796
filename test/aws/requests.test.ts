/** The gateway's write inputs as the SDK's request shapes: nulls left out, pairs as maps, exactly one union member. */
import { describe, expect, it } from "vitest";
import { changeInput, membershipPayment, startJobInput, startQueryInput } from "../../src/aws/requests";

const M = "aaaaaaaa-0000-4000-8000-000000000001";

describe("startQueryInput", () => {
  it("leaves out what GraphQL gave as null, and the payer when none was named", () => {
    const out = startQueryInput({ membershipId: M, sqlParameters: { queryString: "SELECT 1", analysisTemplateArn: null, parameters: null }, output: null, computeConfiguration: null }, undefined);
    expect(out).toEqual({ type: "SQL", membershipIdentifier: M, sqlParameters: { queryString: "SELECT 1" } });
    expect("queryComputePayerAccountId" in out).toBe(false);
  });

  it("sends the named payer, the worker (CR.8X included) with its Spark properties as a map, and a distributed output", () => {
    const out = startQueryInput(
      {
        membershipId: M,
        sqlParameters: { analysisTemplateArn: "arn:t", parameters: [{ key: "day", value: "2026-05-21" }] },
        computeConfiguration: { worker: { type: "CR.8X", number: 16, properties: [{ key: "spark.executor.memory", value: "4g" }] } },
        output: { distribute: [{ s3: { resultFormat: "CSV", bucket: "b", keyPrefix: null, singleFileOutput: true } }, { member: { accountId: "222222222222" } }] },
      },
      "333333333333",
    );
    expect(out).toEqual({
      type: "SQL",
      membershipIdentifier: M,
      sqlParameters: { analysisTemplateArn: "arn:t", parameters: { day: "2026-05-21" } },
      computeConfiguration: { worker: { type: "CR.8X", number: 16, properties: { spark: { "spark.executor.memory": "4g" } } } },
      resultConfiguration: {
        outputConfiguration: {
          distribute: { locations: [{ s3: { resultFormat: "CSV", bucket: "b", singleFileOutput: true } }, { member: { accountId: "222222222222" } }] },
        },
      },
      queryComputePayerAccountId: "333333333333",
    });
  });
});

describe("startJobInput", () => {
  it("sends results to the receiver when one is named, and the payer under the job's own field", () => {
    expect(startJobInput({ membershipId: M, analysisTemplateArn: "arn:j", receiverAccountId: "222222222222", parameters: [{ key: "k", value: "v" }] }, "111111111111")).toEqual({
      type: "PYSPARK",
      membershipIdentifier: M,
      jobParameters: { analysisTemplateArn: "arn:j", parameters: { k: "v" } },
      resultConfiguration: { outputConfiguration: { member: { accountId: "222222222222" } } },
      jobComputePayerAccountId: "111111111111",
    });
  });
});

describe("changeInput", () => {
  it("a member change: ML abilities and payment only when given, payment parts as given", () => {
    const member = { accountId: "444444444444", memberAbilities: ["CAN_QUERY" as const], displayName: null };
    expect(changeInput({ specificationType: "MEMBER", member })).toEqual({
      specificationType: "MEMBER",
      specification: { member: { accountId: "444444444444", memberAbilities: ["CAN_QUERY"] } },
    });
    const paying = { ...member, mlMemberAbilities: ["CAN_RECEIVE_MODEL_OUTPUT" as const], paymentConfiguration: { queryCompute: { isResponsible: true }, jobCompute: null, machineLearning: { modelTraining: { isResponsible: false }, modelInference: null } } };
    expect(changeInput({ specificationType: "MEMBER", member: paying }).specification).toEqual({
      member: {
        accountId: "444444444444",
        memberAbilities: ["CAN_QUERY"],
        mlMemberAbilities: { customMLMemberAbilities: ["CAN_RECEIVE_MODEL_OUTPUT"] },
        paymentConfiguration: { queryCompute: { isResponsible: true }, machineLearning: { modelTraining: { isResponsible: false } } },
      },
    });
  });

  it("a collaboration change carries its auto-approved change types", () => {
    expect(changeInput({ specificationType: "COLLABORATION", collaboration: { autoApprovedChangeTypes: ["ADD_MEMBER"] } })).toEqual({
      specificationType: "COLLABORATION",
      specification: { collaboration: { autoApprovedChangeTypes: ["ADD_MEMBER"] } },
    });
  });
});

describe("membershipPayment", () => {
  it("only the parts given", () => {
    expect(membershipPayment({ queryCompute: null, jobCompute: { isResponsible: true } })).toEqual({ jobCompute: { isResponsible: true } });
  });
});
