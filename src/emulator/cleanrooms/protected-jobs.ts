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
import type { OutputConfiguration } from "../rules/run-lifecycle";
import { runHandlers } from "./protected-runs";

const handlers = runHandlers({
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
  // The model already holds the template ARN to its pattern; nothing else in a job's parameters is checked.
  checkParameters: () => [],
  /** The membership's default S3 location (the job result shape carries only bucket and keyPrefix), else the runner. */
  defaultOutput(membership, runner) {
    const s3 = (membership.defaultJobResultConfiguration?.outputConfiguration as OutputConfiguration | undefined)?.s3;
    if (!s3) return { member: { accountId: runner } };
    return { s3: { bucket: s3.bucket, ...(s3.keyPrefix !== undefined ? { keyPrefix: s3.keyPrefix } : {}) } };
  },
});

export const startProtectedJob = handlers.start;
export const listProtectedJobs = handlers.list;
export const getProtectedJob = handlers.get;
export const updateProtectedJob = handlers.update;
