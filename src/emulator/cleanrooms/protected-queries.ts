/**
 * StartProtectedQuery, ListProtectedQueries, GetProtectedQuery,
 * UpdateProtectedQuery. The runner needs CAN_QUERY; query compute is paid by
 * the named or single payer candidate (rules/payers.ts). Without a
 * resultConfiguration the membership's defaultResultConfiguration is used;
 * without either the query is refused. The failure marker and input limits
 * are in rules/run-inputs.ts.
 */
import { invalidField } from "../errors";
import { checkSqlParameters } from "../rules/run-inputs";
import type { OutputConfiguration } from "../rules/run-lifecycle";
import { runHandlers } from "./protected-runs";

const handlers = runHandlers({
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
  checkParameters: checkSqlParameters,
  defaultOutput(membership) {
    const output = membership.defaultResultConfiguration?.outputConfiguration as OutputConfiguration | undefined;
    if (!output) throw invalidField("resultConfiguration", `is required: membership ${membership.id} has no default result configuration`);
    return output;
  },
});

export const startProtectedQuery = handlers.start;
export const listProtectedQueries = handlers.list;
export const getProtectedQuery = handlers.get;
export const updateProtectedQuery = handlers.update;
