/**
 * StartProtectedQuery, ListProtectedQueries, GetProtectedQuery,
 * UpdateProtectedQuery. The runner needs CAN_QUERY; query compute is paid by
 * the named or single payer candidate (rules/payers.ts). Without a
 * resultConfiguration the membership's defaultResultConfiguration is used;
 * without either the query is refused. The failure marker and input limits
 * are in rules/run-inputs.ts.
 */
import { invalidField } from "../errors";
import { carriesFailureMarker, checkCompute, checkSqlParameters, resultReceivers } from "../rules/run-inputs";
import type { OutputConfiguration } from "../rules/run-lifecycle";
import type { ComputeConfiguration } from "../state";
import { receiversOrRefuse, refuseIf, runHandlers, type RunKindSpec } from "./protected-runs";

const QUERY: RunKindSpec = {
  kind: "query",
  noun: "Protected query",
  runType: "SQL",
  ability: "CAN_QUERY",
  cost: "QUERY_COMPUTE",
  payerField: "queryComputePayerAccountId",
  parametersField: "sqlParameters",
  idField: "protectedQueryIdentifier",
  one: "protectedQuery",
  many: "protectedQueries",
  listOperation: "ListProtectedQueries",
};

interface StartQueryInput {
  membershipIdentifier: string;
  sqlParameters: { queryString?: string; analysisTemplateArn?: string; parameters?: Record<string, string> };
  resultConfiguration?: { outputConfiguration: OutputConfiguration };
  computeConfiguration?: ComputeConfiguration;
}

const handlers = runHandlers(QUERY, (input: StartQueryInput, { membership, collaboration }, runner) => {
  refuseIf([...checkSqlParameters(input.sqlParameters), ...checkCompute("SQL", input.computeConfiguration)]);
  const given = input.resultConfiguration?.outputConfiguration;
  const output = given ?? (membership.defaultResultConfiguration?.outputConfiguration as OutputConfiguration | undefined);
  if (!output) {
    throw invalidField("resultConfiguration", `is required: membership ${membership.id} has no default result configuration`);
  }
  const receiverAccountIds = receiversOrRefuse(resultReceivers(output, collaboration.members, runner, given ? "resultConfiguration.outputConfiguration" : undefined));
  return {
    parameters: input.sqlParameters,
    resultConfiguration: { outputConfiguration: output },
    ...(input.computeConfiguration ? { computeConfiguration: input.computeConfiguration } : {}),
    receiverAccountIds,
    fails: carriesFailureMarker(input.sqlParameters),
  };
});

export const startProtectedQuery = handlers.start;
export const listProtectedQueries = handlers.list;
export const getProtectedQuery = handlers.get;
export const updateProtectedQuery = handlers.update;
