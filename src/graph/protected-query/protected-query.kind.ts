/**
 * Protected queries in the run family (run/): theirs are the SQL parameters
 * and an output that goes to S3, to a member, or is distributed to both.
 */
import { checkStartQuery } from "../../inputs/run-inputs";
import { ProtectedQueryStatus } from "../common/enums";
import { keyValues } from "../common/key-value.type";
import { runKind } from "../run/run.kind";
import { StartProtectedQueryInput } from "./protected-query.input";
import { ProtectedQuerySQLParameters } from "./protected-query.type";

export const PROTECTED_QUERY = runKind({
  watch: "query",
  status: ProtectedQueryStatus,
  cost: "QUERY_COMPUTE",
  payerField: "queryComputePayerAccountId",
  Input: StartProtectedQueryInput,
  check: checkStartQuery,
  parameters: {
    field: "sqlParameters",
    type: ProtectedQuerySQLParameters,
    description: "The SQL the query runs (AWS sqlParameters): a query string or an analysis template, with its parameters; null when AWS does not say.",
    of: ({ sqlParameters: p }) => (p ? { queryString: p.queryString, analysisTemplateArn: p.analysisTemplateArn, parameters: keyValues(p.parameters) } : null),
  },
  start: (api) => api.startProtectedQuery,
  cancel: (api) => api.cancelProtectedQuery,
  loader: (loaders) => loaders.protectedQuery,
  pages: (loaders) => loaders.queryPage,
});
