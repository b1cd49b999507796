/**
 * Adds one ACCOUNT_UNAVAILABLE error per federated account that failed
 * during the request; the data those accounts would have given is left out
 * by the resolvers, everything else is answered.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphContext } from "../../graph/context";

export const accountErrorsPlugin = (): ApolloServerPlugin<GraphContext> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== "single") return;
        const errors = contextValue.health?.errors() ?? [];
        if (errors.length === 0) return;
        const result = response.body.singleResult;
        result.errors = [...(result.errors ?? []), ...errors.map((e) => e.toJSON())];
      },
    };
  },
});
