/**
 * Every input check of the mutations, over HTTP: BAD_USER_INPUT, a message
 * naming the field's path and what it allows, extensions.field set, and no
 * AWS call at all (the checks come before any read or write).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../../support/emulator";
import { startTestGateway, type TestGateway } from "../../support/gateway";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());

const START_QUERY = `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id } }`;
const START_JOB = `mutation($input: StartProtectedJobInput!) { startProtectedJob(input: $input) { id } }`;
const CREATE = `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { id } }`;
const TEMPLATE = `arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}/analysistemplate/ffffffff-0002-4000-8000-000000000001`;

const query = (over: Record<string, unknown>) => ({
  input: { membershipId: demo.m11, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.advertiser } }, payerAccountId: demo.advertiser, ...over },
});
const worker = (w: Record<string, unknown>) => ({ computeConfiguration: { worker: { type: "CR_1X", number: 4, ...w } } });
const job = (over: Record<string, unknown>) => ({ input: { membershipId: demo.m23, analysisTemplateArn: TEMPLATE, ...over } });
const member = (accountId: string, extra: Record<string, unknown> = {}) => ({ specificationType: "MEMBER", member: { accountId, memberAbilities: ["CAN_RECEIVE_RESULTS"], ...extra } });
const create = (changes: unknown[], collaborationId: string = demo.retailMedia) => ({ input: { collaborationId, changes } });
const props = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `spark.k${i}`, value: "v" }));

type Case = [name: string, doc: string, variables: Record<string, unknown>, field: string, mentions: string[]];

const cases: Case[] = [
  // compute: SQL 2–400 workers of CR_1X/CR_4X/CR_8X, PySpark 4–128 of CR_1X/CR_4X
  ["SQL workers below 2", START_QUERY, query(worker({ number: 1 })), "input.computeConfiguration.worker.number", ["between 2 and 400", "SQL"]],
  ["SQL workers above 400", START_QUERY, query(worker({ number: 401 })), "input.computeConfiguration.worker.number", ["between 2 and 400"]],
  ["PySpark workers below 4", START_JOB, job(worker({ number: 3 })), "input.computeConfiguration.worker.number", ["between 4 and 128", "PySpark"]],
  ["PySpark workers above 128", START_JOB, job(worker({ number: 129 })), "input.computeConfiguration.worker.number", ["between 4 and 128"]],
  ["PySpark on CR_8X", START_JOB, job(worker({ type: "CR_8X" })), "input.computeConfiguration.worker.type", ["CR_1X, CR_4X", "got CR_8X"]],
  // Spark properties: at most 50, keys 1–200, values 0–500 characters
  ["51 Spark properties", START_QUERY, query(worker({ properties: props(51) })), "input.computeConfiguration.worker.properties", ["at most 50"]],
  ["51 Spark properties on a job", START_JOB, job(worker({ properties: props(51) })), "input.computeConfiguration.worker.properties", ["at most 50"]],
  ["an empty Spark key", START_QUERY, query(worker({ properties: [{ key: "", value: "x" }] })), "input.computeConfiguration.worker.properties[0].key", ["1–200"]],
  ["a 201-character Spark key", START_QUERY, query(worker({ properties: [{ key: "k".repeat(201), value: "x" }] })), "input.computeConfiguration.worker.properties[0].key", ["1–200", "got 201"]],
  ["a 501-character Spark value", START_JOB, job(worker({ properties: [{ key: "spark.x", value: "v".repeat(501) }] })), "input.computeConfiguration.worker.properties[0].value", ["0–500", "got 501"]],
  ["a repeated Spark key", START_QUERY, query(worker({ properties: [{ key: "a", value: "1" }, { key: "a", value: "2" }] })), "input.computeConfiguration.worker.properties[1].key", ["once"]],
  // exactly one output target
  ["an output with no target", START_QUERY, query({ output: {} }), "input.output", ["exactly one of s3, member and distribute", "none"]],
  ["an output with two targets", START_QUERY, query({ output: { member: { accountId: demo.advertiser }, s3: { resultFormat: "CSV", bucket: "advertiser-results" } } }), "input.output", ["exactly one of s3, member and distribute", "s3 and member"]],
  ["an empty distribute", START_QUERY, query({ output: { distribute: [] } }), "input.output.distribute", ["at least one location"]],
  ["a distribute location with two targets", START_QUERY, query({ output: { distribute: [{ member: { accountId: demo.advertiser }, s3: { resultFormat: "CSV", bucket: "advertiser-results" } }] } }), "input.output.distribute[0]", ["exactly one of s3 and member"]],
  ["a nested distribute", START_QUERY, query({ output: { distribute: [{ distribute: [{ member: { accountId: demo.advertiser } }] }] } }), "input.output.distribute[0].distribute", ["cannot be nested"]],
  ["a bad S3 bucket name", START_QUERY, query({ output: { s3: { resultFormat: "CSV", bucket: "Not_A_Bucket" } } }), "input.output.s3.bucket", ["3–63 lowercase letters"]],
  // 12-digit account ids
  ["a short payer account id", START_QUERY, query({ payerAccountId: "12345" }), "input.payerAccountId", ["12-digit"]],
  ["a receiver member account id with letters", START_QUERY, query({ output: { member: { accountId: "11111111111a" } } }), "input.output.member.accountId", ["12-digit"]],
  ["a job receiver account id", START_JOB, job({ receiverAccountId: "1111" }), "input.receiverAccountId", ["12-digit"]],
  ["a job payer account id", START_JOB, job({ payerAccountId: "1111111111111" }), "input.payerAccountId", ["12-digit"]],
  ["a change's member account id", CREATE, create([member("12")]), "input.changes[0].member.accountId", ["12-digit"]],
  // UUID identifiers
  ["a membership id that is no UUID", START_QUERY, query({ membershipId: "membership-1" }), "input.membershipId", ["UUID"]],
  ["an upper-case membership id", START_JOB, job({ membershipId: demo.m23.toUpperCase() }), "input.membershipId", ["UUID in lowercase"]],
  ["a collaboration id that is no UUID", CREATE, create([member(demo.analytics)], "retail"), "input.collaborationId", ["UUID"]],
  // queryString or analysisTemplateArn
  ["neither queryString nor analysisTemplateArn", START_QUERY, query({ sqlParameters: {} }), "input.sqlParameters", ["exactly one of queryString and analysisTemplateArn", "neither"]],
  ["both queryString and analysisTemplateArn", START_QUERY, query({ sqlParameters: { queryString: "SELECT 1", analysisTemplateArn: TEMPLATE } }), "input.sqlParameters", ["exactly one of queryString and analysisTemplateArn", "both"]],
  ["a blank queryString", START_QUERY, query({ sqlParameters: { queryString: "  " } }), "input.sqlParameters.queryString", ["must not be empty"]],
  ["a malformed analysis template ARN (query)", START_QUERY, query({ sqlParameters: { analysisTemplateArn: "arn:aws:s3:::bucket" } }), "input.sqlParameters.analysisTemplateArn", ["analysis template ARN"]],
  ["a malformed analysis template ARN (job)", START_JOB, job({ analysisTemplateArn: "template-1" }), "input.analysisTemplateArn", ["analysis template ARN"]],
  ["a parameter name with a dash", START_QUERY, query({ sqlParameters: { queryString: "SELECT :x", parameters: [{ key: "bad-name", value: "1" }] } }), "input.sqlParameters.parameters[0].key", ["letters, digits and _"]],
  ["an empty idempotency key", START_QUERY, query({ idempotencyKey: "" }), "input.idempotencyKey", ["1–255 visible ASCII"]],
  // change requests
  ["no changes", CREATE, create([]), "input.changes", ["1–10 changes", "got 0"]],
  ["eleven changes", CREATE, create(Array.from({ length: 11 }, (_, i) => member(String(100000000000 + i)))), "input.changes", ["1–10 changes", "got 11"]],
  ["a MEMBER change without member", CREATE, create([{ specificationType: "MEMBER" }]), "input.changes[0].member", ["required when specificationType is MEMBER"]],
  ["a COLLABORATION change with a member", CREATE, create([{ specificationType: "COLLABORATION", member: member(demo.analytics).member }]), "input.changes[0].collaboration", ["required when specificationType is COLLABORATION"]],
  ["a member changed twice", CREATE, create([member(demo.analytics), member(demo.analytics)]), "input.changes[1].member.accountId", ["at most once"]],
  ["an empty display name", CREATE, create([member("555555555555", { displayName: "" })]), "input.changes[0].member.displayName", ["1–100 characters"]],
  // votes, commits, cancels
  ["approve: a collaboration id that is no UUID", `mutation { approveChangeRequest(collaborationId: "x", changeRequestId: "${demo.pendingPayerRequest}") { id } }`, {}, "collaborationId", ["UUID"]],
  ["deny: a change request id that is no UUID", `mutation { denyChangeRequest(collaborationId: "${demo.retailMedia}", changeRequestId: "42") { id } }`, {}, "changeRequestId", ["UUID"]],
  ["approve: asAccountId of 11 digits", `mutation { approveChangeRequest(collaborationId: "${demo.retailMedia}", changeRequestId: "${demo.pendingPayerRequest}", asAccountId: "11111111111") { id } }`, {}, "asAccountId", ["12-digit"]],
  ["commit: a change request id that is no UUID", `mutation { commitChangeRequest(collaborationId: "${demo.retailMedia}", changeRequestId: "latest") { id } }`, {}, "changeRequestId", ["UUID"]],
  ["cancel query: a run id that is no UUID", `mutation { cancelProtectedQuery(membershipId: "${demo.m11}", id: "q1") { id } }`, {}, "id", ["UUID"]],
  ["cancel job: a membership id that is no UUID", `mutation { cancelProtectedJob(membershipId: "m23", id: "eeeeeeee-0002-4000-8000-000000000002") { id } }`, {}, "membershipId", ["UUID"]],
  // membership payment
  ["an empty payment update", `mutation { updateMembershipPaymentConfiguration(membershipId: "${demo.m21}", paymentConfiguration: {}) { id } }`, {}, "paymentConfiguration", ["at least one of queryCompute, machineLearning and jobCompute"]],
  ["an empty machineLearning part", `mutation { updateMembershipPaymentConfiguration(membershipId: "${demo.m21}", paymentConfiguration: { machineLearning: {} }) { id } }`, {}, "paymentConfiguration.machineLearning", ["modelTraining, modelInference and syntheticDataGeneration"]],
  ["a payment update's membership id", `mutation { updateMembershipPaymentConfiguration(membershipId: "nope", paymentConfiguration: { jobCompute: { isResponsible: true } }) { id } }`, {}, "membershipId", ["UUID"]],
];

describe("input checks", () => {
  it.each(cases)("%s → BAD_USER_INPUT naming the field, no AWS call", async (_name, doc, variables, field, mentions) => {
    await g.t.resetCalls();
    const res = await g.gql(doc, variables);
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    const [error] = res.errors!;
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(error.message).toContain(field);
    for (const m of mentions) expect(error.message).toContain(m);
    expect((await g.t.calls()).total).toBe(0);
  });
});
