/**
 * The last step of every answer, over HTTP and graphql-ws alike: a query's,
 * a mutation's, and each event of a subscription. Every error leaves as
 * callers may see it (`normalizeError`: contract codes pass, the rest is
 * masked with a correlation id), and one ACCOUNT_UNAVAILABLE error is added
 * per federated account that failed while the answer was made (THROTTLED
 * for one the operation's AWS-call budget no longer let it call) (the data
 * those accounts would have given is left out by the resolvers).
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { normalizeError, type ErrorLogger } from "../errors/normalize";
import type { GraphContext } from "../graph/context";

export interface Finishing {
  /**
   * One error as callers see it: Apollo's formatError, and graphql-ws's for each error it sends. `requestId`: the
   * request's, which a masked error is answered and logged under; for Apollo, the plugin tagged the error with it.
   */
  formatError(formatted: GraphQLFormattedError, original: unknown, requestId?: string): GraphQLFormattedError;
  /**
   * An answer's errors (formatted already), then those of the accounts that failed while it was made. `context` is
   * read now: a subscription event is answered with a health of its own (graph/common/subscription.ts).
   */
  finish(errors: readonly GraphQLFormattedError[] | undefined, context: GraphContext | undefined): readonly GraphQLFormattedError[] | undefined;
  /** `finish` as an Apollo plugin (Apollo's formatError has formatted the errors by then). */
  plugin: ApolloServerPlugin<GraphContext>;
}

export function finishing(log: ErrorLogger): Finishing {
  // Apollo's formatError is not told the request: the plugin tags each error with its request's id first
  // (didEncounterErrors runs before Apollo formats the same error objects).
  const requestOf = new WeakMap<object, string>();
  const formatError = (formatted: GraphQLFormattedError, original: unknown, requestId?: string) =>
    normalizeError(formatted, original, log, requestId ?? (typeof original === "object" && original !== null ? requestOf.get(original) : undefined));
  const finish: Finishing["finish"] = (errors, context) => {
    // An account (in a region) a field's error named already (an AccountDown no resolver caught) is not named twice.
    const key = (x: Readonly<Record<string, unknown>> | undefined) => `${String(x?.code)} ${String(x?.accountId)} ${String(x?.region)}`;
    const named = new Set((errors ?? []).filter((e) => e.extensions?.accountId !== undefined).map((e) => key(e.extensions)));
    const accounts = (context?.health.errors() ?? []).filter((e) => !named.has(key(e.extensions)));
    return accounts.length === 0 ? errors : [...(errors ?? []), ...accounts.map((e) => formatError(e.toJSON(), e))];
  };
  return {
    formatError,
    finish,
    plugin: {
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors, contextValue }) {
            for (const e of errors) requestOf.set(e, contextValue.requestId);
          },
          async willSendResponse({ response, contextValue }) {
            if (response.body.kind === "single") response.body.singleResult.errors = finish(response.body.singleResult.errors, contextValue);
          },
        };
      },
    },
  };
}
