/** The operations the subscription tests run (Publisher audience insights: the publisher, 333, runs queries and jobs). */
import { demo } from "../support/emulator";

export const START_QUERY = `mutation($input: StartProtectedQueryInput!) { startProtectedQuery(input: $input) { id status } }`;
export const QUERY_INPUT = { membershipId: demo.m23, sqlParameters: { queryString: "SELECT 1" }, output: { member: { accountId: demo.publisher } } };
export const QUERY_EVENTS = `subscription($m: ID!, $id: ID!) { protectedQueryStatusChanged(membershipId: $m, id: $id) {
  id membershipId status membership { id account { accountId } } result { output { memberList { accountId } } } } }`;

export const TEMPLATE = `arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}/analysistemplate/ffffffff-0002-4000-8000-000000000001`;
export const START_JOB = `mutation($input: StartProtectedJobInput!) { startProtectedJob(input: $input) { id status } }`;
export const JOB_INPUT = {
  membershipId: demo.m23,
  analysisTemplateArn: TEMPLATE,
  parameters: [{ key: "segment", value: "sports" }],
  receiverAccountId: demo.advertiser,
  payerAccountId: demo.advertiser,
};
export const JOB_EVENTS = `subscription($m: ID!, $id: ID!) { protectedJobStatusChanged(membershipId: $m, id: $id) { id status payer { accountId } statistics { totalDurationInMillis } } }`;
