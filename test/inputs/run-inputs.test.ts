import { describe, expect, it } from "vitest";
import { checkCreateChangeRequest } from "../../src/inputs/change-inputs";
import {
  checkAccountId,
  checkMembershipPayment,
  checkParameters,
  checkQueryOutput,
  checkSparkProperties,
  checkSqlParameters,
  checkStartJob,
  checkStartQuery,
  checkUuid,
  checkWorkers,
} from "../../src/inputs/run-inputs";

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);
const UUID = "bbbbbbbb-0001-4000-8000-000000000001";
const TEMPLATE = "arn:aws:cleanrooms:us-east-1:333333333333:membership/bbbbbbbb-0002-4000-8000-000000000003/analysistemplate/ffffffff-0002-4000-8000-000000000001";

describe("identifiers", () => {
  it("UUIDs are lowercase 8-4-4-4-12 hex", () => {
    expect(checkUuid("id", UUID)).toEqual([]);
    expect(fields(checkUuid("id", UUID.toUpperCase()))).toEqual(["id"]);
    expect(fields(checkUuid("id", `${UUID}0`))).toEqual(["id"]);
    expect(checkUuid("id", undefined)).toEqual([]);
  });

  it("account ids are exactly 12 digits", () => {
    expect(checkAccountId("a", "123456789012")).toEqual([]);
    for (const bad of ["12345678901", "1234567890123", "12345678901a", ""]) expect(fields(checkAccountId("a", bad))).toEqual(["a"]);
  });
});

describe("workers", () => {
  it.each([
    ["SQL", 2, true], ["SQL", 400, true], ["SQL", 1, false], ["SQL", 401, false],
    ["PYSPARK", 4, true], ["PYSPARK", 128, true], ["PYSPARK", 3, false], ["PYSPARK", 129, false], ["PYSPARK", 4.5, false],
  ] as const)("%s with %d workers: allowed %s", (type, number, ok) => {
    expect(checkWorkers("w", type, { type: "CR.1X", number }).length === 0).toBe(ok);
  });

  it("CR.8X is for SQL only; the message uses the contract's names", () => {
    expect(checkWorkers("w", "SQL", { type: "CR.8X", number: 2 })).toEqual([]);
    const [p] = checkWorkers("w", "PYSPARK", { type: "CR.8X", number: 4 });
    expect(p).toEqual({ field: "w.type", message: "w.type must be one of CR_1X, CR_4X for PySpark jobs; got CR_8X" });
  });
});

describe("Spark properties and parameters", () => {
  const props = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: "" }));
  it("at most 50 properties", () => {
    expect(checkSparkProperties("p", props(50))).toEqual([]);
    expect(fields(checkSparkProperties("p", props(51)))).toEqual(["p"]);
  });
  it("keys of 1–200 characters, values of 0–500, each key once", () => {
    expect(checkSparkProperties("p", [{ key: "k".repeat(200), value: "v".repeat(500) }])).toEqual([]);
    expect(fields(checkSparkProperties("p", [{ key: "", value: "" }, { key: "k".repeat(201), value: "v".repeat(501) }]))).toEqual(["p[0].key", "p[1].key", "p[1].value"]);
    expect(fields(checkSparkProperties("p", [{ key: "a", value: "" }, { key: "a", value: "" }]))).toEqual(["p[1].key"]);
  });
  it("parameter names are letters, digits and _", () => {
    expect(checkParameters("q", [{ key: "from_date", value: "2026" }])).toEqual([]);
    expect(fields(checkParameters("q", [{ key: "from-date", value: "" }, { key: "x", value: "v".repeat(1001) }]))).toEqual(["q[0].key", "q[1].value"]);
  });
});

describe("outputs", () => {
  const s3 = { resultFormat: "CSV", bucket: "results-1" };
  const member = { accountId: "111111111111" };
  it("exactly one target", () => {
    expect(checkQueryOutput("o", { s3 })).toEqual([]);
    expect(checkQueryOutput("o", { member })).toEqual([]);
    expect(checkQueryOutput("o", { distribute: [{ s3 }, { member }] })).toEqual([]);
    expect(checkQueryOutput("o", undefined)).toEqual([]);
    expect(fields(checkQueryOutput("o", {}))).toEqual(["o"]);
    expect(checkQueryOutput("o", { s3, member })[0].message).toContain("got s3 and member");
    expect(checkQueryOutput("o", { s3: null, member })).toEqual([]);
  });
  it("distribute locations: at least one, each exactly one of s3 and member, not nested", () => {
    expect(fields(checkQueryOutput("o", { distribute: [] }))).toEqual(["o.distribute"]);
    expect(fields(checkQueryOutput("o", { distribute: [{ s3 }, { s3, member }, {}] }))).toEqual(["o.distribute[1]", "o.distribute[2]"]);
    expect(fields(checkQueryOutput("o", { distribute: [{ distribute: [{ member }] }] }))).toEqual(["o.distribute[0].distribute"]);
  });
  it("S3 buckets and key prefixes as S3 allows them; member account ids of 12 digits", () => {
    expect(fields(checkQueryOutput("o", { s3: { ...s3, bucket: "ab" } }))).toEqual(["o.s3.bucket"]);
    expect(fields(checkQueryOutput("o", { s3: { ...s3, bucket: "192.168.1.1" } }))).toEqual(["o.s3.bucket"]);
    expect(fields(checkQueryOutput("o", { s3: { ...s3, keyPrefix: "a b" } }))).toEqual(["o.s3.keyPrefix"]);
    expect(fields(checkQueryOutput("o", { distribute: [{ member: { accountId: "1" } }] }))).toEqual(["o.distribute[0].member.accountId"]);
  });
});

describe("sqlParameters", () => {
  it("exactly one of a non-empty queryString and an analysisTemplateArn", () => {
    expect(checkSqlParameters("s", { queryString: "SELECT 1" })).toEqual([]);
    expect(checkSqlParameters("s", { analysisTemplateArn: TEMPLATE })).toEqual([]);
    expect(checkSqlParameters("s", {})[0].message).toContain("neither");
    expect(checkSqlParameters("s", { queryString: "SELECT 1", analysisTemplateArn: TEMPLATE })[0].message).toContain("both");
    expect(fields(checkSqlParameters("s", { queryString: "" }))).toEqual(["s.queryString"]);
    expect(fields(checkSqlParameters("s", { analysisTemplateArn: "arn:aws:cleanrooms:us-east-1:1:x" }))).toEqual(["s.analysisTemplateArn"]);
  });
});

describe("whole inputs", () => {
  it("a valid query start has no problem; each problem names its path under input", () => {
    const ok = { membershipId: UUID, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: "111111111111" } }, payerAccountId: "333333333333", idempotencyKey: "k" };
    expect(checkStartQuery(ok)).toEqual([]);
    expect(fields(checkStartQuery({ ...ok, membershipId: "x", payerAccountId: "1", idempotencyKey: "" }))).toEqual(["input.membershipId", "input.payerAccountId", "input.idempotencyKey"]);
  });

  it("a valid job start has no problem", () => {
    const ok = { membershipId: UUID, analysisTemplateArn: TEMPLATE, receiverAccountId: "111111111111", computeConfiguration: { worker: { type: "CR.4X", number: 8 } } };
    expect(checkStartJob(ok)).toEqual([]);
    expect(fields(checkStartJob({ ...ok, computeConfiguration: { worker: { type: "CR.4X", number: 2 } } }))).toEqual(["input.computeConfiguration.worker.number"]);
  });

  it("a membership payment update sets at least one cost", () => {
    expect(checkMembershipPayment("p", { jobCompute: { isResponsible: true } })).toEqual([]);
    expect(checkMembershipPayment("p", { machineLearning: { modelTraining: { isResponsible: false } } })).toEqual([]);
    expect(fields(checkMembershipPayment("p", {}))).toEqual(["p"]);
    expect(fields(checkMembershipPayment("p", { machineLearning: {} }))).toEqual(["p.machineLearning"]);
  });
});

describe("createChangeRequest input", () => {
  const m = (accountId: string) => ({ specificationType: "MEMBER" as const, member: { accountId } });
  const c = "aaaaaaaa-0001-4000-8000-000000000001";
  it("accepts 1–10 well-formed changes, each account once", () => {
    expect(checkCreateChangeRequest({ collaborationId: c, changes: [m("111111111111"), { specificationType: "COLLABORATION", collaboration: { autoApprovedChangeTypes: [] } }] })).toEqual([]);
  });
  it("names the offending change", () => {
    expect(fields(checkCreateChangeRequest({ collaborationId: c, changes: [] }))).toEqual(["input.changes"]);
    expect(fields(checkCreateChangeRequest({ collaborationId: c, changes: Array.from({ length: 11 }, () => m("111111111111")) }))).toEqual(["input.changes"]);
    expect(fields(checkCreateChangeRequest({ collaborationId: c, changes: [{ specificationType: "MEMBER" }] }))).toEqual(["input.changes[0].member"]);
    expect(fields(checkCreateChangeRequest({ collaborationId: c, changes: [{ specificationType: "COLLABORATION" }] }))).toEqual(["input.changes[0].collaboration"]);
    expect(fields(checkCreateChangeRequest({ collaborationId: c, changes: [m("111111111111"), m("111111111111")] }))).toEqual(["input.changes[1].member.accountId"]);
    const twice = { specificationType: "COLLABORATION" as const, collaboration: { autoApprovedChangeTypes: [] } };
    expect(fields(checkCreateChangeRequest({ collaborationId: c, changes: [twice, twice] }))).toEqual(["input.changes[1].collaboration"]);
    expect(fields(checkCreateChangeRequest({ collaborationId: "x", changes: [{ ...m("1"), member: { accountId: "1", displayName: " " } }] }))).toEqual([
      "input.collaborationId",
      "input.changes[0].member.accountId",
      "input.changes[0].member.displayName",
    ]);
  });
});
