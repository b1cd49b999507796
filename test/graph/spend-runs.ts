/**
 * Test support for the spend tests: every run of a collaboration's federated
 * memberships as the emulator itself reports it to each holder (the SDK's
 * List, then Get), so that expected sums never come from the gateway.
 */
import "../../src/aws/sdk-overlay";
import { GetProtectedJobCommand, GetProtectedQueryCommand, ListProtectedJobsCommand, ListProtectedQueriesCommand, type CleanRoomsClient } from "@aws-sdk/client-cleanrooms";
import { expect } from "vitest";
import type { TestEmulator } from "../support/emulator";
import { federatedMembershipIds, membershipById, type ScenarioCollaboration } from "./demo-world";

export const FINISHED = new Set(["SUCCESS", "FAILED", "CANCELLED", "TIMED_OUT"]);

export interface EmulatorRun {
  id: string;
  membershipId: string;
  costType: string;
  payer?: string;
  status: string;
  createTime: Date;
  units?: number;
  workers?: { type?: string; number?: number };
}

/** Every run of the collaboration's federated memberships (or of `membershipIds`), as the emulator reports it. */
export async function emulatorRuns(t: TestEmulator, collaboration: ScenarioCollaboration, membershipIds = federatedMembershipIds(collaboration)): Promise<EmulatorRun[]> {
  const runs: EmulatorRun[] = [];
  for (const membershipId of membershipIds) {
    const client: CleanRoomsClient = await t.cleanrooms(membershipById(membershipId).accountId);
    const queries = (await client.send(new ListProtectedQueriesCommand({ membershipIdentifier: membershipId, maxResults: 100 }))).protectedQueries ?? [];
    const jobs = (await client.send(new ListProtectedJobsCommand({ membershipIdentifier: membershipId, maxResults: 100 }))).protectedJobs ?? [];
    expect(queries.length + jobs.length).toBeLessThan(100);
    for (const q of queries) {
      const full = (await client.send(new GetProtectedQueryCommand({ membershipIdentifier: membershipId, protectedQueryIdentifier: q.id! }))).protectedQuery!;
      runs.push({ id: q.id!, membershipId, costType: "QUERY_COMPUTE", payer: full.queryComputePayerAccountId, status: full.status!, createTime: full.createTime!, units: full.statistics?.billedResourceUtilization?.units, workers: full.computeConfiguration?.worker });
    }
    for (const j of jobs) {
      const full = (await client.send(new GetProtectedJobCommand({ membershipIdentifier: membershipId, protectedJobIdentifier: j.id! }))).protectedJob!;
      runs.push({ id: j.id!, membershipId, costType: "JOB_COMPUTE", payer: full.jobComputePayerAccountId, status: full.status!, createTime: full.createTime!, units: full.statistics?.billedResourceUtilization?.units, workers: full.computeConfiguration?.worker });
    }
  }
  return runs;
}

/** The members whose runs a principal reading `readable` cannot see: joined, able to start runs, their account not read. */
export const expectedNotVisible = (c: ScenarioCollaboration, readable: readonly string[]): string[] =>
  c.members
    .filter((m) => m.status !== "INVITED" && m.abilities.some((a) => a === "CAN_QUERY" || a === "CAN_RUN_JOB") && !readable.includes(m.accountId))
    .map((m) => m.accountId);
