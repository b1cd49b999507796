/**
 * Protected jobs in the run family (run/): theirs are an analysis template
 * with its parameters and, in place of an output, the member who receives
 * the results.
 */
import { checkStartJob } from "../../inputs/run-inputs";
import { ProtectedJobStatus } from "../common/enums";
import { keyValues } from "../common/key-value.type";
import { runKind } from "../run/run.kind";
import { StartProtectedJobInput } from "./protected-job.input";
import { ProtectedJobParameters } from "./protected-job.type";

export const PROTECTED_JOB = runKind({
  watch: "job",
  status: ProtectedJobStatus,
  cost: "JOB_COMPUTE",
  payerField: "jobComputePayerAccountId",
  Input: StartProtectedJobInput,
  check: checkStartJob,
  parameters: {
    field: "jobParameters",
    type: ProtectedJobParameters,
    description: "The analysis template the job runs, with its parameters (AWS jobParameters); null when AWS does not say.",
    of: ({ jobParameters: p }) => (p ? { analysisTemplateArn: p.analysisTemplateArn!, parameters: keyValues(p.parameters) } : null),
  },
  start: (api) => api.startProtectedJob,
  cancel: (api) => api.cancelProtectedJob,
  loader: (loaders) => loaders.protectedJob,
  pages: (loaders) => loaders.jobPage,
});
