/**
 * Defence in depth behind document-limits.ts: should a document over the
 * token bound reach Apollo's parser by another way, the parser's message
 * (which states the bound) is replaced by the one callers get everywhere.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { LIMIT_MESSAGES } from "./limits";

const TOKEN_LIMIT = /Document contains more th\w* \d+ tokens/;

export function limitsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async parsingDidStart() {
          return async (error?: Error) => {
            if (error && TOKEN_LIMIT.test(error.message)) error.message = LIMIT_MESSAGES.tokens;
          };
        },
      };
    },
  };
}
