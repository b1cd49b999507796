/**
 * Everything that stands between a request and the graph, in one place:
 * authentication (before the body is read), the body size bound, the batch
 * bound, the per-principal rate limit, the document limits (all before
 * Apollo parses anything), Apollo's own
 * protections (CSRF prevention, no stack traces, introspection and
 * suggestions as configured), and GraphQL-shaped answers for requests that
 * fail before GraphQL sees them.
 */
import type { ApolloServerOptions, ApolloServerPlugin } from "@apollo/server";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { Authenticator, type AuthOptions } from "../auth/authenticate";
import type { GraphQLSchema } from "graphql";
import type { ErrorLogger } from "../errors/normalize";
import type { GraphContext } from "../graph/context";
import { authenticateRequest } from "./authenticate.middleware";
import { httpErrors } from "./http-errors";
import { batchLimit } from "./limits/batch";
import { resolveLimits, type Limits } from "./limits/limits";
import { limitsPlugin } from "./limits/limits.plugin";
import { documentCheck, documentLimits, type DocumentCheck } from "./limits/document-limits";
import { rateLimit } from "./limits/rate-limit";
import { TokenBuckets } from "./limits/token-bucket";
import type { Logger } from "./logger";

export interface GuardOptions {
  /** API keys and/or JWT verification; every request must authenticate. */
  auth: AuthOptions;
  limits?: Partial<Limits>;
  /** Schema introspection (`__schema`, `__type`); off by default, on in demo mode. */
  introspection?: boolean;
  /** "Did you mean …?" in validation errors; off by default, on in demo mode. */
  fieldSuggestions?: boolean;
}

export interface Guard {
  limits: Limits;
  authenticator: Authenticator;
  /** The document limits, for transports that do not come through express. */
  checkDocument: DocumentCheck;
  apollo: Pick<
    ApolloServerOptions<GraphContext>,
    "introspection" | "hideSchemaDetailsFromClientErrors" | "csrfPrevention" | "allowBatchedHttpRequests" | "parseOptions" | "includeStacktraceInErrorResponses"
  >;
  plugins: ApolloServerPlugin<GraphContext>[];
  /** For the GraphQL route, in order, before Apollo. */
  before: RequestHandler[];
  /** After every route. */
  errors: ErrorRequestHandler;
}

export function createGuard(options: GuardOptions, schema: GraphQLSchema, logger: Logger, log: ErrorLogger): Guard {
  const limits = resolveLimits(options.limits);
  const rate = limits.rateLimit ? rateLimit(new TokenBuckets(limits.rateLimit)) : undefined;
  const authenticator = new Authenticator(options.auth);
  const checkDocument = documentCheck(schema, limits, { introspection: options.introspection ?? false });
  return {
    limits,
    authenticator,
    checkDocument,
    apollo: {
      // Introspection is refused by our own rule (document limits), whose message does not tell callers how to configure Apollo.
      introspection: true,
      hideSchemaDetailsFromClientErrors: !(options.fieldSuggestions ?? false),
      csrfPrevention: true,
      allowBatchedHttpRequests: limits.maxBatchedOperations > 1,
      parseOptions: { maxTokens: limits.maxTokens },
      includeStacktraceInErrorResponses: false,
    },
    plugins: [limitsPlugin() as ApolloServerPlugin<GraphContext>],
    before: [
      authenticateRequest(authenticator, logger),
      ...(rate ? [rate.beforeBody] : []),
      express.json({ limit: limits.maxBodyBytes }),
      batchLimit(limits.maxBatchedOperations),
      ...(rate ? [rate.afterBody] : []),
      documentLimits(checkDocument),
    ],
    errors: httpErrors(log),
  };
}
