/**
 * What the transport tells whoever watches it (metrics): each GraphQL
 * operation as it finishes, HTTP and graphql-ws alike, and each operation
 * refused for its estimated AWS calls.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import type { GraphContext } from "../graph/context";

export interface TransportObserver {
  /** `outcome`: "ok", or the first error's code. */
  operationFinished(name: string | null | undefined, type: string, outcome: string, seconds: number): void;
  estimateRefused(): void;
}

export const outcomeOf = (errors: readonly GraphQLFormattedError[] | undefined): string => String(errors?.[0]?.extensions?.code ?? (errors?.length ? "INTERNAL_SERVER_ERROR" : "ok"));

export function observingPlugin(observer: TransportObserver): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      const start = performance.now();
      return {
        async willSendResponse({ response, request, operation }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          observer.operationFinished(request.operationName ?? operation?.name?.value, operation?.operation ?? "unknown", outcomeOf(errors), (performance.now() - start) / 1000);
        },
      };
    },
  };
}
