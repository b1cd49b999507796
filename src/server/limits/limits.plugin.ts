/**
 * What Apollo itself must refuse in the gateway's words:
 * - a subscription sent over HTTP (subscriptions are served over graphql-ws;
 *   executing one here would fail as an internal error);
 * - defence in depth behind document-limits.ts: should a document over the
 *   token bound reach Apollo's parser by another way, the parser's message
 *   (which states the bound) is replaced by the one callers get everywhere;
 * - defence in depth behind input-limits.ts: variables over the input limits
 *   that reach Apollo by another way are refused before they are coerced;
 * - an operation whose estimated AWS calls are over the budget
 *   (aws-call-budget.ts), before it runs.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import { ErrorCode } from "../../errors/codes";
import { regionsPerAccount } from "../../graph/aws-reads";
import type { GraphContext } from "../../graph/context";
import type { AwsCallBudget } from "./aws-call-budget";
import type { VariablesCheck } from "./input-limits";
import { LIMIT_MESSAGES } from "./limits";

const TOKEN_LIMIT = /Document contains more th\w* \d+ tokens/;

export function limitsPlugin(checkVariables?: VariablesCheck, awsCalls?: AwsCallBudget): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      return {

        async parsingDidStart() {
          return async (error?: Error) => {
            if (error && TOKEN_LIMIT.test(error.message)) error.message = LIMIT_MESSAGES.tokens;
          };
        },
        async didResolveOperation({ operation, request, document, contextValue }) {
          const refusal = checkVariables?.(request.variables);
          if (refusal) throw new GraphQLError(refusal, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
          if (operation?.operation === "subscription") {
            throw new GraphQLError("Subscriptions are served over WebSocket (graphql-ws), not over HTTP.", {
              extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
            });
          }
          // Before anything runs: an operation whose estimate is over the budget makes no AWS call at all.
          const tooMany = awsCalls?.check(document, request.operationName, request.variables, contextValue.accounts.length, regionsPerAccount(contextValue));
          if (tooMany) throw new GraphQLError(tooMany, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
        },
      };
    },
  };
}
