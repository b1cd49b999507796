/**
 * Everything that stands between a request and the graph, in one place, in
 * the order a request meets it: the per-address throttle on failed
 * authentications, authentication (before the body is read),
 * the per-principal rate limit, the per-principal allowance of AWS calls
 * (an empty one refuses before the body is read), the body size bound, the batch bound, the
 * document limits (before Apollo parses anything), the variables' limits
 * (before GraphQL coerces them), the estimate of the AWS calls the
 * operation can make (before it runs: limits.plugin.ts); then Apollo's own
 * protections (CSRF prevention, no stack traces, introspection and
 * suggestions as configured); and GraphQL-shaped answers for requests that
 * fail before GraphQL sees them. A transport that does not come through
 * express (graphql-ws) uses `authenticator`, `buckets`, `awsCalls`, `checkDocument` and
 * `checkVariables`.
 *
 * CSRF: Apollo runs only requests a browser must have preflighted (a
 * content-type other than the three a form may send, or one of
 * `CSRF_PREVENTION_HEADERS`). An Authorization header counts: a browser adds
 * a bearer token to no request on its own, and a script that adds one is
 * preflighted (CORS decides). So a GET query with a bearer token and no
 * content-type (urql's default, its persisted queries) runs, and a request
 * without one still needs a preflighted header (it meets authentication
 * first anyway). Mutations over GET stay refused (Apollo: 405).
 */
import type { ApolloServerOptions, ApolloServerPlugin } from "@apollo/server";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { GraphQLSchema } from "graphql";
import { Authenticator, type AuthOptions } from "../auth/authenticate";
import type { ErrorLogger } from "../errors/normalize";
import type { GraphContext } from "../graph/context";
import { authenticateRequest } from "./authenticate.middleware";
import { httpErrors } from "./http-errors";
import { AnonymousThrottle } from "./limits/anonymous";
import { awsCallAdmission, awsCallBudget, type AwsCallBudget } from "./limits/aws-call-budget";
import { batchLimit } from "./limits/batch";
import { resolveLimits, type Limits } from "./limits/limits";
import { documentCheck, documentLimits, type DocumentCheck } from "./limits/document-limits";
import { variableLimits, variablesCheck, type VariablesCheck } from "./limits/input-limits";
import { limitsPlugin } from "./limits/limits.plugin";
import { limitRules } from "./limits/rules";
import { rateLimit } from "./limits/rate-limit";
import { observingPlugin, type TransportObserver } from "./observe";
import { TokenBuckets } from "./limits/token-bucket";
import type { Logger } from "../log/logger";

export interface GuardOptions {
  /** API keys and/or JWT verification; every request must authenticate. */
  auth: AuthOptions;
  limits?: Partial<Limits>;
  /** Schema introspection (`__schema`, `__type`); off by default, on in demo mode. */
  introspection?: boolean;
  /** "Did you mean …?" in validation errors; off by default, on in demo mode. */
  fieldSuggestions?: boolean;
  /** Told of what the transport serves and refuses (metrics). */
  observer?: TransportObserver;
}

export interface Guard {
  limits: Limits;
  authenticator: Authenticator;
  /** The document limits, for transports that do not come through express. */
  checkDocument: DocumentCheck;
  /** The variables' limits (nesting, number of values), for transports that do not come through express. */
  checkVariables: VariablesCheck;
  /** Per-principal rate limit buckets (none when the rate limit is off): `take(principal.id)` > 0 means THROTTLED. */
  buckets?: TokenBuckets;
  /** The AWS-call budget: the estimate's check before an operation runs, and each principal's allowance of calls. */
  awsCalls: AwsCallBudget;
  /** The per-address throttle on failed authentications (none when off). */
  anonymous?: AnonymousThrottle;
  apollo: Pick<
    ApolloServerOptions<GraphContext>,
    | "introspection"
    | "hideSchemaDetailsFromClientErrors"
    | "csrfPrevention"
    | "allowBatchedHttpRequests"
    | "parseOptions"
    | "validationRules"
    | "includeStacktraceInErrorResponses"
  >;
  plugins: ApolloServerPlugin<GraphContext>[];
  /** For the GraphQL route, in order, before Apollo. */
  before: RequestHandler[];
  /** After every route. */
  errors: ErrorRequestHandler;
}

/** Headers whose presence proves a browser preflighted the request (Apollo's recommended two, and Authorization). */
export const CSRF_PREVENTION_HEADERS: readonly string[] = Object.freeze(["authorization", "x-apollo-operation-name", "apollo-require-preflight"]);

export function createGuard(options: GuardOptions, schema: GraphQLSchema, logger: Logger, log: ErrorLogger): Guard {
  const limits = resolveLimits(options.limits);
  const buckets = limits.rateLimit ? new TokenBuckets(limits.rateLimit) : undefined;
  const rate = buckets && rateLimit(buckets);
  const anonymous = limits.anonymousRateLimit ? new AnonymousThrottle(limits.anonymousRateLimit) : undefined;
  const authenticator = new Authenticator(options.auth, logger);
  const checkDocument = documentCheck(schema, limits, { introspection: options.introspection ?? false });
  const checkVariables = variablesCheck(limits);
  const awsCalls = awsCallBudget(schema, limits, options.observer && (() => options.observer!.estimateRefused()));
  return {
    limits,
    authenticator,
    checkDocument,
    checkVariables,
    buckets,
    anonymous,
    awsCalls,
    apollo: {
      // Introspection is refused by our own rule, whose message does not tell callers how to configure Apollo.
      introspection: true,
      // The same rules again, inside Apollo: HTTP requests met them already (documentLimits), but any other
      // way into Apollo is held to them too. They run only for documents Apollo has not validated before.
      validationRules: limitRules(limits, { introspection: options.introspection ?? false }),
      hideSchemaDetailsFromClientErrors: !(options.fieldSuggestions ?? false),
      csrfPrevention: { requestHeaders: [...CSRF_PREVENTION_HEADERS] },
      allowBatchedHttpRequests: limits.maxBatchedOperations > 1,
      parseOptions: { maxTokens: limits.maxTokens },
      includeStacktraceInErrorResponses: false,
    },
    plugins: [limitsPlugin(checkVariables, awsCalls), ...(options.observer ? [observingPlugin(options.observer)] : [])],
    before: [
      authenticateRequest(authenticator, logger, anonymous),
      ...(rate ? [rate.beforeBody] : []),
      awsCallAdmission(awsCalls),
      express.json({ limit: limits.maxBodyBytes }),
      batchLimit(limits.maxBatchedOperations),
      ...(rate ? [rate.afterBody] : []),
      documentLimits(checkDocument),
      variableLimits(checkVariables),
    ],
    errors: httpErrors(log),
  };
}
