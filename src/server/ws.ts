/**
 * GraphQL subscriptions over graphql-ws, on the gateway's own http.Server
 * and path (/graphql), through the same door as HTTP:
 *
 * - the connection authenticates in `connection_init` with the
 *   authenticator HTTP uses (`connectionParams.Authorization: "Bearer …"`,
 *   or the upgrade request's Authorization header for clients that can send
 *   one). A missing or bad token closes the socket with 4401 before any
 *   operation; a JWT's expiry closes it with 4401 then;
 * - every operation takes a token from its principal's rate-limit bucket,
 *   meets the document limits, GraphQL's validation plus the limit rules,
 *   and the same suggestion hiding as HTTP; its errors leave through
 *   `normalizeError` (contract codes, internal ones masked with a
 *   correlation id);
 * - only subscriptions are served here (queries and mutations go over
 *   HTTP, where the per-account error plugin and CSRF rules live), at most
 *   `maxSubscriptionsPerConnection` at once per socket;
 * - a subscription refused before its first event (unauthorised, not found,
 *   the first read failing) gets an `error` message and no data;
 * - the server pings every `keepAliveMs` and drops a peer that does not
 *   answer; on shutdown every socket closes with 1001 (going away), and one
 *   that does not finish its closing handshake within a second is cut.
 */
import type { Server } from "node:http";
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { decodeJwt } from "jose";
import { WebSocketServer, type WebSocket } from "ws";
import { bearerToken, type AuthFailure } from "../auth/authenticate";
import type { Principal } from "../auth/principal";
import { DEFAULTS } from "../defaults";
import { ErrorCode } from "../errors/codes";
import { normalizeError, type ErrorLogger } from "../errors/normalize";
import type { GraphContext } from "../graph/context";
import type { Guard } from "./guard";
import type { Logger } from "../log/logger";

export interface SubscriptionTransportOptions {
  /** Interval of WebSocket pings; a peer that has not answered one by the next is dropped. 0 turns them off. */
  keepAliveMs?: number;
  /** Subscriptions one socket may hold at once. */
  maxSubscriptionsPerConnection?: number;
  /** How long a socket may stay open without `connection_init`. */
  connectionInitWaitMs?: number;
}

/** keepAliveMs and maxSubscriptionsPerConnection are the configuration file's (`watch`); connectionInitWaitMs is not configurable. */
const DEFAULT_SUBSCRIPTION_TRANSPORT = Object.freeze({
  keepAliveMs: DEFAULTS.watch.keepAliveMs,
  maxSubscriptionsPerConnection: DEFAULTS.watch.maxSubscriptionsPerConnection,
  connectionInitWaitMs: 3_000,
});

export interface WsOptions extends SubscriptionTransportOptions {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  guard: Guard;
  contextFor(principal: Principal): GraphContext;
  log: ErrorLogger;
  logger: Logger;
}

export interface GraphqlWsStats {
  /** Open sockets. */
  connections: number;
  /** Subscriptions streaming events. */
  subscriptions: number;
}

export interface GraphqlWs {
  stats(): GraphqlWsStats;
  /** Closes every socket (1001) and stops accepting new ones. */
  dispose(): Promise<void>;
}

/** Close codes: graphql-ws's, and the standard "try again later". */
export const WS_CLOSE = { unauthorized: CloseCode.Unauthorized, tryAgainLater: 1013, goingAway: 1001 } as const;

const UNAUTHENTICATED: Record<Exclude<AuthFailure, "unavailable">, string> = {
  missing: "Authentication required: send connectionParams.Authorization: Bearer <token>.",
  malformed: "Authorization must be 'Bearer <token>'.",
  invalid: "The bearer token is not valid.",
  expired: "The bearer token has expired.",
};

interface ConnectionState {
  principal?: Principal;
  expiry?: NodeJS.Timeout;
}

/** setTimeout's longest delay (about 24.8 days); a token living longer is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function attachGraphqlWs(options: WsOptions): GraphqlWs {
  const { schema, guard, log, logger } = options;
  const settings = { ...DEFAULT_SUBSCRIPTION_TRANSPORT, ...definedOnly(options) };
  const rules: ValidationRule[] = [...specifiedRules, ...((guard.apollo.validationRules ?? []) as ValidationRule[])];
  const hideSuggestions = guard.apollo.hideSchemaDetailsFromClientErrors ?? true;
  const wss = new WebSocketServer({ server: options.server, path: options.path, maxPayload: guard.limits.maxBodyBytes });
  const states = new WeakMap<WebSocket, ConnectionState>();
  const streams = new WeakMap<ExecutionArgs, AsyncGenerator<ExecutionResult>>();
  let active = 0;

  const refuse = (message: string, code: ErrorCode): GraphQLError[] => [new GraphQLError(message, { extensions: { code } })];

  /** An error as callers see it: a request error (no field path, not thrown by a resolver) is theirs to fix; the rest is normalized like HTTP's. */
  const format = (e: GraphQLError): GraphQLFormattedError => {
    const inner = e.originalError instanceof GraphQLError ? e.originalError : undefined;
    const formatted = e.toJSON();
    const code = e.extensions?.code ?? inner?.extensions?.code ?? (e.path === undefined && !e.originalError ? ErrorCode.BAD_USER_INPUT : undefined);
    const extensions = { ...inner?.extensions, ...formatted.extensions, ...(code !== undefined ? { code } : {}) };
    const message = hideSuggestions ? formatted.message.replace(/ ?Did you mean(.+?)\?$/, "") : formatted.message;
    return normalizeError({ ...formatted, message, extensions }, inner ?? e.originalError ?? e, log);
  };

  /** Each event of the source stream executed as one response; `return()` reaches the source, so the watch forgets the subscriber. */
  const responses = (source: AsyncIterable<unknown>, args: ExecutionArgs): AsyncGenerator<ExecutionResult> => {
    const it = source[Symbol.asyncIterator]();
    active++;
    let counted = true;
    const done = () => {
      if (counted) active--;
      counted = false;
    };
    const generator: AsyncGenerator<ExecutionResult> = {
      async next() {
        try {
          const r = await it.next();
          if (r.done) {
            done();
            return { value: undefined, done: true };
          }
          return { value: await execute({ ...args, rootValue: r.value }), done: false };
        } catch (e) {
          done();
          throw e;
        }
      },
      async return() {
        done();
        await it.return?.();
        return { value: undefined, done: true };
      },
      async throw(e: unknown) {
        done();
        await it.return?.();
        throw e;
      },
      [Symbol.asyncIterator]() {
        return generator;
      },
    };
    return generator;
  };

  const server = useServer(
    {
      schema,
      isProd: true,
      connectionInitWaitTimeout: settings.connectionInitWaitMs,

      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra as Extra;
        const header = authorizationOf(ctx.connectionParams) ?? request.headers.authorization;
        const result = await guard.authenticator.authenticate(header);
        if ("principal" in result) {
          const state: ConnectionState = { principal: result.principal };
          states.set(socket, state);
          closeAtExpiry(socket, state, header);
          return true;
        }
        if (result.failure === "unavailable") {
          logger.warn({ err: result.cause }, "cannot verify a JWT: the JWKS is unavailable");
          socket.close(WS_CLOSE.tryAgainLater, "Tokens cannot be verified right now; retry shortly.");
        } else {
          logger.debug({ failure: result.failure }, "unauthenticated WebSocket connection");
          socket.close(WS_CLOSE.unauthorized, UNAUTHENTICATED[result.failure]);
        }
        return false;
      },

      onSubscribe: async (ctx, _id, payload) => {
        const principal = states.get((ctx.extra as Extra).socket)?.principal;
        if (!principal) return refuse("Authentication required.", ErrorCode.UNAUTHENTICATED);
        if (guard.buckets && guard.buckets.take(principal.id) > 0) return refuse("Too many requests for this principal; retry later.", ErrorCode.THROTTLED);
        if (Object.keys(ctx.subscriptions).length > settings.maxSubscriptionsPerConnection) {
          return refuse("Too many subscriptions on this connection; complete one before starting another.", ErrorCode.BAD_USER_INPUT);
        }
        const limit = guard.checkDocument(payload.query);
        if (limit) return refuse(limit, ErrorCode.BAD_USER_INPUT);
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: guard.limits.maxTokens });
        } catch (e) {
          return [e instanceof GraphQLError ? e : new GraphQLError("The operation could not be parsed.")];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) return invalid;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return refuse("Name the operation to run (operationName) when the document holds several.", ErrorCode.BAD_USER_INPUT);
        if (operation.operation !== "subscription") {
          return refuse(`Only subscriptions are served over WebSocket; send ${operation.operation === "query" ? "queries" : "mutations"} over HTTP (POST ${options.path}).`, ErrorCode.BAD_USER_INPUT);
        }
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? undefined,
          contextValue: options.contextFor(principal),
        };
        const source = await createSourceEventStream(args);
        if (!isAsyncIterable(source)) return source.errors ?? refuse("The subscription could not start.", ErrorCode.INTERNAL_SERVER_ERROR);
        streams.set(args, responses(source, args));
        return args;
      },

      // The stream made in onSubscribe (its errors, if any, were answered there).
      subscribe: (args) => streams.get(args) ?? { errors: refuse("The subscription could not start.", ErrorCode.INTERNAL_SERVER_ERROR) },

      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(format) } : undefined),

      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    },
    wss,
    settings.keepAliveMs,
  );

  wss.on("connection", (socket) => {
    socket.once("close", () => {
      const state = states.get(socket);
      if (state?.expiry) clearTimeout(state.expiry);
      states.delete(socket);
    });
  });

  /** A JWT's connection ends when the token does: a subscription outliving its credentials would be a way around expiry. */
  function closeAtExpiry(socket: WebSocket, state: ConnectionState, header: string | undefined): void {
    const bearer = bearerToken(header);
    if (!("token" in bearer)) return;
    let exp: number | undefined;
    try {
      exp = decodeJwt(bearer.token).exp;
    } catch {
      return; // an API key
    }
    if (exp === undefined) return;
    const arm = () => {
      const left = exp! * 1000 - Date.now();
      if (left <= 0) return socket.close(WS_CLOSE.unauthorized, UNAUTHENTICATED.expired);
      state.expiry = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      state.expiry.unref();
    };
    arm();
  }

  return {
    stats: () => ({ connections: wss.clients.size, subscriptions: active }),
    async dispose() {
      // Peers that do not finish the closing handshake are cut after a second: shutdown does not wait on them.
      const grace = setTimeout(() => {
        for (const socket of wss.clients) socket.terminate();
      }, 1_000);
      try {
        await server.dispose();
      } finally {
        clearTimeout(grace);
      }
    },
  };
}

/** The Authorization value of connection_init's payload (any capitalisation of the key). */
function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  if (!params || typeof params !== "object") return undefined;
  for (const [k, v] of Object.entries(params)) if (k.toLowerCase() === "authorization" && typeof v === "string") return v;
  return undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === "function";
}

function definedOnly(o: SubscriptionTransportOptions): SubscriptionTransportOptions {
  return Object.fromEntries(
    (["keepAliveMs", "maxSubscriptionsPerConnection", "connectionInitWaitMs"] as const).filter((k) => o[k] !== undefined).map((k) => [k, o[k]]),
  );
}
