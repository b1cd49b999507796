/**
 * StartProtectedJob, ListProtectedJobs, GetProtectedJob, UpdateProtectedJob.
 * The runner needs CAN_RUN_JOB; job compute is paid by the named or single
 * payer candidate (rules/payers.ts). Results go to the member named in
 * resultConfiguration.outputConfiguration.member; without one, to the S3
 * location of the membership's defaultJobResultConfiguration, and without
 * that to the runner itself (which, like any receiver, needs
 * CAN_RECEIVE_RESULTS). The failure marker and input limits are in
 * rules/run-inputs.ts.
 */
import { carriesFailureMarker, checkCompute, resultReceivers } from "../rules/run-inputs";
import type { OutputConfiguration } from "../rules/run-lifecycle";
import type { ComputeConfiguration, MembershipRecord } from "../state";
import { receiversOrRefuse, refuseIf, runHandlers, type RunKindSpec } from "./protected-runs";

const JOB: RunKindSpec = {
  kind: "job",
  noun: "Protected job",
  runType: "PYSPARK",
  ability: "CAN_RUN_JOB",
  cost: "JOB_COMPUTE",
  payerField: "jobComputePayerAccountId",
  parametersField: "jobParameters",
  idField: "protectedJobIdentifier",
  one: "protectedJob",
  many: "protectedJobs",
  listOperation: "ListProtectedJobs",
};

interface StartJobInput {
  membershipIdentifier: string;
  jobParameters: { analysisTemplateArn: string; parameters?: Record<string, string> };
  resultConfiguration?: { outputConfiguration: { member: { accountId: string } } };
  computeConfiguration?: ComputeConfiguration;
}

/** The membership's default S3 location (the job result shape carries only bucket and keyPrefix), else the runner. */
function defaultOutput(membership: MembershipRecord, runner: string): OutputConfiguration {
  const s3 = (membership.defaultJobResultConfiguration?.outputConfiguration as OutputConfiguration | undefined)?.s3;
  if (!s3) return { member: { accountId: runner } };
  return { s3: { bucket: s3.bucket, ...(s3.keyPrefix !== undefined ? { keyPrefix: s3.keyPrefix } : {}) } };
}

const handlers = runHandlers(JOB, (input: StartJobInput, { membership, collaboration }, runner) => {
  refuseIf(checkCompute("PYSPARK", input.computeConfiguration));
  const given = input.resultConfiguration?.outputConfiguration;
  const output: OutputConfiguration = given ?? defaultOutput(membership, runner);
  const receiverAccountIds = receiversOrRefuse(resultReceivers(output, collaboration.members, runner, given ? "resultConfiguration.outputConfiguration" : undefined));
  return {
    parameters: input.jobParameters,
    resultConfiguration: { outputConfiguration: output },
    ...(input.computeConfiguration ? { computeConfiguration: input.computeConfiguration } : {}),
    receiverAccountIds,
    fails: carriesFailureMarker(input.jobParameters),
  };
});

export const startProtectedJob = handlers.start;
export const listProtectedJobs = handlers.list;
export const getProtectedJob = handlers.get;
export const updateProtectedJob = handlers.update;
