/**
 * GraphQL over graphql-ws, on the gateway's own http.Server and path
 * (/graphql), through the same door as HTTP and the same execution:
 *
 * - the connection authenticates in `connection_init` with the
 *   authenticator HTTP uses (`connectionParams.Authorization: "Bearer …"`,
 *   or the upgrade request's Authorization header for clients that can send
 *   one). A missing or bad token closes the socket with 4401 before any
 *   operation; a JWT's expiry closes it with 4401 then. A failed
 *   connection_init is charged to its address's throttle
 *   (limits/anonymous.ts), which bounds sockets through the handshake
 *   limits below rather than refusing a token unverified;
 * - every upgrade takes a token from its client address's bucket, and an
 *   address holds at most `maxPendingPerAddress` sockets not yet
 *   authenticated (limits/handshakes.ts): over either, HTTP 429 and
 *   Retry-After, before any socket exists;
 * - `connection_init` takes a token from its principal's rate-limit bucket
 *   (an empty one closes the socket with 1013), and a principal holds at
 *   most `maxConnectionsPerPrincipal` open connections (when set): the next
 *   closes with 1013 (try again later), which
 *   graphql-ws's client retries with backoff, unlike its own 4429 (a second
 *   connection_init on one socket), which it treats as final;
 * - every operation (subscriptions; queries and mutations too, for clients
 *   that send everything over the socket) takes a token from its principal's
 *   rate-limit bucket, needs AWS calls left in its principal's allowance,
 *   meets the document limits, GraphQL's validation plus the limit rules,
 *   the same suggestion hiding as HTTP, and the AWS-call estimate (over the
 *   budget: refused before anything runs). graphql-ws then
 *   runs it with the context HTTP would build, and each answer (each event of
 *   a subscription) leaves through HTTP's finishing step (finish.ts: account
 *   errors, masking);
 * - at most `maxSubscriptionsPerConnection` subscriptions at once per socket;
 * - a subscription refused before its first event (unauthorised, not found,
 *   the first read failing, bad variables) gets an `error` message and no data;
 * - the server pings every `keepAliveMs` and drops a peer that does not
 *   answer; on shutdown every socket closes with 1001 (going away), and one
 *   that does not finish its closing handshake within a second is cut;
 * - a message over the body size bound (`maxBodyBytes`) closes its socket
 *   with 1009 (message too big), and a frame that breaks the protocol with
 *   ws's code for it (1002, 1007, ...): one line of the log (info) each,
 *   not graphql-ws's stack trace on stderr;
 * - a socket's correlation id is its upgrade request's (request-id.ts),
 *   answered in the upgrade's `x-request-id` and on the lines about the
 *   connection; its n-th operation's is `<id>/<n>`.
 */
import type { IncomingMessage, Server } from "node:http";
import {
  getOperationAST,
  GraphQLError,
  Kind,
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
import { CloseCode, type Context, type ServerOptions as WsServerOptions } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { decodeJwt } from "jose";
import { WebSocketServer, type WebSocket } from "ws";
import { bearerToken, type AuthFailure } from "../auth/authenticate";
import type { Principal } from "../auth/principal";
import { DEFAULTS } from "../defaults";
import { ErrorCode } from "../errors/codes";
import { regionsPerAccount } from "../graph/aws-reads";
import type { GraphContext } from "../graph/context";
import type { Finishing } from "./finish";
import type { TransportObserver } from "./observe";
import type { OperationRequest } from "./server";
import { retryAfter } from "./limits/anonymous";
import { Handshakes, type HandshakeLimits } from "./limits/handshakes";
import { peerAddress, type ClientAddress } from "./client-address";
import type { Guard } from "./guard";
import { LIMIT_MESSAGES } from "./limits/limits";
import type { Logger } from "../log/logger";
import { requestIdOf } from "./request-id";
import { mutationOf, type RefusalObserver } from "./refusals";

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
  /** The context of one operation: HTTP's factory. */
  context(principal: Principal, request: OperationRequest): GraphContext;
  finishing: Finishing;
  logger: Logger;
  /** Told of each operation as it finishes (metrics). */
  observer?: TransportObserver;
  /** Told of each mutation refused before it ran (the audit trail). */
  refused?: RefusalObserver;
  /** Why an upgrade request is refused before graphql-ws sees it (the Host and Origin checks, host-check.ts), or undefined. */
  verifyUpgrade?: (req: IncomingMessage) => { status: number; message: string } | undefined;
  /** The client address of an upgrade (client-address.ts): the peer's by default. */
  clientAddress?: ClientAddress;
  /** Upgrades per client address and sockets pending authentication (DEFAULTS.server.webSocketHandshakes). */
  handshakes?: HandshakeLimits;
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

/** The reasons of 1013 closes (a close reason holds at most 123 bytes). */
export const WS_REFUSALS = {
  tooManyConnections: "Too many open connections for this principal; close one first.",
  throttled: "Too many requests for this principal; retry later.",
  unavailable: "Tokens cannot be verified right now; retry shortly.",
} as const;

const UNAUTHENTICATED: Record<Exclude<AuthFailure, "unavailable">, string> = {
  missing: "Authentication required: send connectionParams.Authorization: Bearer <token>.",
  malformed: "Authorization must be 'Bearer <token>'.",
  invalid: "The bearer token is not valid.",
  expired: "The bearer token has expired.",
};

/** What a connection carries besides graphql-ws's own state (`ctx.extra`). */
type Connection = {
  principal: Principal;
  /** Closes the socket when its JWT expires. */
  expiry: NodeJS.Timeout;
};

type ConnectionContext = Context<Record<string, unknown> | undefined, Extra & Partial<Connection>>;

/** setTimeout's longest delay (about 24.8 days); a token living longer is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A subscription refused once graphql-ws ran it (by its resolver, or its variables): its finished errors. graphql-ws
 * sends an `error` message only for onSubscribe's refusals and for a stream that throws, so these are thrown by a
 * stream of their own (`refused`), and onError unwraps them.
 */
class Refusal extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super("the subscription was refused");
  }
}

async function* refused(errors: readonly GraphQLFormattedError[]): AsyncGenerator<ExecutionResult> {
  throw new Refusal(errors);
}

export function attachGraphqlWs(options: WsOptions): GraphqlWs {
  const { schema, guard, logger } = options;
  const { formatError, finish } = options.finishing;
  const settings = { ...DEFAULT_SUBSCRIPTION_TRANSPORT, ...definedOnly(options) };
  const rules: ValidationRule[] = [...specifiedRules, ...((guard.apollo.validationRules ?? []) as ValidationRule[])];
  const hideSuggestions = guard.apollo.hideSchemaDetailsFromClientErrors ?? true;
  const { verifyUpgrade } = options;
  const { anonymous } = guard;
  const clientAddress = options.clientAddress ?? peerAddress;
  const handshakes = new Handshakes(options.handshakes, Math.ceil(settings.connectionInitWaitMs / 1000));
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: guard.limits.maxBodyBytes,
    // A refused upgrade gets an HTTP answer (421, 403, 429) and no socket.
    verifyClient: (
      { req }: { req: IncomingMessage },
      callback: (ok: boolean, status?: number, message?: string, headers?: Record<string, string>) => void,
    ) => {
      const refused = verifyUpgrade?.(req);
      if (refused) return callback(false, refused.status, refused.message);
      const wait = handshakes.admit(clientAddress(req));
      if (wait > 0) return callback(false, 429, "Too Many Requests", { "retry-after": retryAfter(wait) });
      callback(true); // ws emits "connection" (below) at once: the socket counts as pending before the next upgrade is looked at
    },
  });
  wss.on("connection", (socket, req) => {
    handshakes.opened(socket, clientAddress(req));
    socket.once("close", () => handshakes.settled(socket));
  });
  const connections = new Set<ConnectionContext>();
  const openConnections = (principalId: string) => [...connections].filter((c) => c.extra.principal?.id === principalId).length;

  /**
   * A socket's correlation id is its upgrade request's, taken as HTTP takes a request's (request-id.ts) and sent back
   * in the upgrade's `x-request-id`; the lines about the connection carry it as `requestId`, and each operation over
   * it is `<id>/<n>`, so that a search for the socket's id finds every line of the socket.
   */
  const upgradeIds = new WeakMap<IncomingMessage, string>();
  const connectionIdOf = (req: IncomingMessage): string => {
    let id = upgradeIds.get(req);
    if (id === undefined) upgradeIds.set(req, (id = requestIdOf(req.headers)));
    return id;
  };
  wss.on("headers", (headers, req) => void headers.push(`x-request-id: ${connectionIdOf(req)}`));
  const socketIds = new WeakMap<WebSocket, string>();
  const operations = new WeakMap<IncomingMessage, { count: number; messageId?: string; requestId?: string }>();
  /** The request id of the socket's subscribe message `messageId`: `<socket's id>/<n>`, the same however often asked. */
  const operationIdOf = (req: IncomingMessage, messageId: string): string => {
    const o = operations.get(req) ?? { count: 0 };
    if (o.messageId !== messageId || o.requestId === undefined) {
      o.count++;
      o.messageId = messageId;
      o.requestId = `${connectionIdOf(req)}/${o.count}`;
      operations.set(req, o);
    }
    return o.requestId;
  };

  const refuse = (message: string, code: ErrorCode): GraphQLError[] => [new GraphQLError(message, { extensions: { code } })];
  /** An answer's errors as HTTP would give them (finish.ts). */
  const answer = (errors: readonly GraphQLError[] | undefined, context: unknown) =>
    finish(
      errors?.map((e) => formatError(formattedLikeApollo(e), e, (context as GraphContext | undefined)?.requestId)),
      context as GraphContext | undefined,
    );

  /** Operations being served, for the observer: the first answer (a subscription: its start) finishes each. */
  const started = new WeakMap<object, { name: string | null | undefined; type: string; at: number }>();
  const observed = (context: unknown, errors: readonly GraphQLFormattedError[] | readonly GraphQLError[] | undefined) => {
    const op = started.get(context as object);
    if (!op) return;
    started.delete(context as object);
    const first = errors?.[0] as { extensions?: { code?: unknown } } | undefined;
    options.observer?.operationFinished(op.name, op.type, first ? String(first.extensions?.code ?? "INTERNAL_SERVER_ERROR") : "ok", (performance.now() - op.at) / 1000);
  };

  const server = useServer<Record<string, unknown> | undefined, Connection>(
    tellingRefusals(options.refused, guard.limits.maxTokens, (ctx, id) => operationIdOf(ctx.extra.request, id), {
      schema,
      isProd: true,
      connectionInitWaitTimeout: settings.connectionInitWaitMs,

      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const requestId = connectionIdOf(request);
        const header = authorizationOf(ctx.connectionParams) ?? request.headers.authorization;
        const result = await guard.authenticator.authenticate(header);
        if ("principal" in result) {
          const { id } = result.principal;
          // connection_init is a request like any other: reconnecting in a loop must not be free.
          if (guard.buckets && guard.buckets.take(id) > 0) {
            logger.info({ requestId, principal: id }, "WebSocket connection refused: the principal is over its rate limit");
            socket.close(WS_CLOSE.tryAgainLater, WS_REFUSALS.throttled);
            return false;
          }
          const cap = guard.limits.maxConnectionsPerPrincipal;
          if (cap !== false && openConnections(id) >= cap) {
            logger.info({ requestId, principal: id }, "WebSocket connection refused: the principal has too many open connections");
            socket.close(WS_CLOSE.tryAgainLater, WS_REFUSALS.tooManyConnections);
            return false;
          }
          ctx.extra.principal = result.principal;
          handshakes.settled(socket);
          connections.add(ctx);
          closeAtExpiry(ctx, header);
          return true;
        }
        if (result.failure === "unavailable") {
          logger.debug({ requestId, err: result.cause }, "cannot verify a JWT: the JWKS is unavailable"); // the key set logs each outage once
          socket.close(WS_CLOSE.tryAgainLater, WS_REFUSALS.unavailable);
        } else {
          logger.debug({ requestId, failure: result.failure }, "unauthenticated WebSocket connection");
          anonymous?.failed(clientAddress(request));
          socket.close(WS_CLOSE.unauthorized, UNAUTHENTICATED[result.failure]);
        }
        return false;
      },

      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiry);
        connections.delete(ctx);
      },

      // HTTP's checks, in HTTP's order; graphql-ws runs what they let through (its own execute and subscribe).
      onSubscribe: (ctx, id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const { principal } = ctx.extra;
        if (!principal) return refuse("Authentication required.", ErrorCode.UNAUTHENTICATED);
        if (guard.buckets && guard.buckets.take(principal.id) > 0) return refuse("Too many requests for this principal; retry later.", ErrorCode.THROTTLED);
        if (guard.awsCalls.wait(principal.id) > 0) return refuse(LIMIT_MESSAGES.awsCallRate, ErrorCode.THROTTLED);
        const limit = guard.checkDocument(payload.query) ?? guard.checkVariables(payload.variables);
        if (limit) return refuse(limit, ErrorCode.BAD_USER_INPUT);
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: guard.limits.maxTokens });
        } catch (e) {
          return [e instanceof GraphQLError ? e : new GraphQLError("The operation could not be parsed.")];
        }
        const invalid = validate(schema, document, rules);
        if (hideSuggestions) for (const e of invalid) e.message = e.message.replace(/ ?Did you mean(.+?)\?$/, "");
        if (invalid.length > 0) return invalid;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return refuse("Name the operation to run (operationName) when the document holds several.", ErrorCode.BAD_USER_INPUT);
        // Operations in flight count too (graphql-ws holds each until it completes): a burst cannot pass the bound before any streams.
        if (operation.operation === "subscription" && Object.keys(ctx.subscriptions).length > settings.maxSubscriptionsPerConnection) {
          return refuse("Too many subscriptions on this connection; complete one before starting another.", ErrorCode.BAD_USER_INPUT);
        }
        const contextValue = options.context(principal, { allowance: guard.awsCalls.allowance(principal.id), requestId: operationIdOf(ctx.extra.request, id) });
        const tooMany = guard.awsCalls.check(document, payload.operationName, payload.variables, contextValue.accounts.length, regionsPerAccount(contextValue));
        if (tooMany) return refuse(tooMany, ErrorCode.BAD_USER_INPUT);
        started.set(contextValue, { name: payload.operationName ?? operation.name?.value, type: operation.operation, at: performance.now() });
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables ?? undefined, contextValue };
      },

      // A subscription graphql-js refused (no stream: its resolver threw, or a variable is wrong) gets an `error` message, no event.
      onOperation: (_ctx, _id, _payload, args, result) => {
        if (getOperationAST(args.document, args.operationName)?.operation !== "subscription") return;
        if (isAsyncIterable(result)) return void observed(args.contextValue, undefined);
        const errors = answer((result as ExecutionResult).errors, args.contextValue) ?? [];
        observed(args.contextValue, errors);
        return refused(errors);
      },

      // Every answer: a query's, a mutation's, each event of a subscription (whose context holds that event's account health).
      onNext: (_ctx, _id, _payload, args, { errors, ...result }) => {
        const finished = answer(errors, args.contextValue);
        observed(args.contextValue, finished); // a query's or mutation's one answer (a subscription's was its start)
        return finished ? { ...result, errors: finished } : result;
      },

      // onSubscribe's refusals (before any context), refused subscriptions (finished already), and streams that failed.
      onError: (_ctx, _id, _payload, errors) => errors.flatMap((e) => (e.originalError instanceof Refusal ? e.originalError.errors : (answer([e], undefined) ?? []))),
    }),
    wss,
    settings.keepAliveMs,
  );

  /** A JWT's connection ends when the token does: a subscription outliving its credentials would be a way around expiry. */
  function closeAtExpiry(ctx: ConnectionContext, header: string | undefined): void {
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
      if (left <= 0) return ctx.extra.socket.close(WS_CLOSE.unauthorized, UNAUTHENTICATED.expired);
      ctx.extra.expiry = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      ctx.extra.expiry.unref();
    };
    arm();
  }

  // graphql-ws listens to each socket's 'error' and prints it with console.error, stack and all. ws emits one only for
  // a peer that broke the protocol (a message over maxPayload, a bad frame), after closing the socket with the code
  // that says so; ours replaces graphql-ws's listener (added, like ours, on 'connection', and before ours).
  wss.on("connection", (socket, req) => {
    socketIds.set(socket, connectionIdOf(req));
    socket.removeAllListeners("error");
    socket.on("error", (err) => onSocketError(socket, err));
  });

  function onSocketError(socket: WebSocket, err: Error & { code?: unknown }): void {
    const principal = [...connections].find((c) => c.extra.socket === socket)?.extra.principal?.id;
    const requestId = socketIds.get(socket);
    const closeCode = closeCodeOf(err);
    if (typeof err.code === "string" && err.code.startsWith("WS_ERR_") && closeCode !== undefined) {
      const what = closeCode === 1009 ? "a WebSocket message over the size bound (maxBodyBytes)" : "a WebSocket frame that breaks the protocol";
      logger.info({ requestId, principal, closeCode, wsError: err.code }, `${what}: socket closed with ${closeCode}`);
      return; // ws has closed it
    }
    logger.error({ requestId, principal, err }, "unexpected WebSocket error: socket closed with 1011");
    socket.close(CloseCode.InternalServerError, "Internal server error");
  }

  return {
    stats: () => ({
      connections: wss.clients.size,
      // graphql-ws holds a streaming operation's iterator, and null for one that answers once or is starting.
      subscriptions: [...connections].reduce((n, c) => n + Object.values(c.subscriptions).filter(isAsyncIterable).length, 0),
    }),
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

type Hooks = WsServerOptions<Record<string, unknown> | undefined, Extra & Partial<Connection>>;

/**
 * Mutations refused before they ran are told (refusals.ts): onSubscribe's refusals from an authenticated connection
 * (`idOf` gives the message the id its context got, or the socket's next one when it got no context), and answers with no `data` (bad
 * variables), which executed nothing.
 */
function tellingRefusals<H extends Hooks>(observe: RefusalObserver | undefined, maxTokens: number, idOf: (ctx: Parameters<NonNullable<Hooks["onSubscribe"]>>[0], messageId: string) => string, hooks: H): H {
  const { onSubscribe, onNext } = hooks;
  if (!observe || !onSubscribe || !onNext) return hooks;
  const codeOf = (e: { extensions?: { code?: unknown } } | undefined) => (typeof e?.extensions?.code === "string" ? e.extensions.code : ErrorCode.BAD_USER_INPUT);
  return {
    ...hooks,
    onSubscribe: async (ctx, id, payload) => {
      const admitted = await onSubscribe(ctx, id, payload);
      const { principal } = ctx.extra;
      const operation = Array.isArray(admitted) && principal ? mutationOf(payload.query, payload.operationName, maxTokens) : undefined;
      if (operation) observe({ operation, variables: payload.variables, principalId: principal!.id, requestId: idOf(ctx, id), errorCode: codeOf((admitted as readonly GraphQLError[])[0]) });
      return admitted;
    },
    onNext: async (ctx, id, payload, args, result) => {
      const answered = await onNext(ctx, id, payload, args, result);
      const context = args.contextValue as GraphContext;
      if (result.data === undefined && result.errors?.length && getOperationAST(args.document, args.operationName)?.operation === "mutation") {
        observe({ operation: getOperationAST(args.document, args.operationName)!, variables: args.variableValues, principalId: context.principal.id, requestId: context.requestId, errorCode: codeOf(answered?.errors?.[0]) });
      }
      return answered;
    },
  };
}

/**
 * A graphql-js error as Apollo hands it to formatError: with a code when it is a request error (no path and not
 * thrown by a resolver or a stream: the document, the operation, a variable), which is the caller's to fix.
 */
function formattedLikeApollo(e: GraphQLError): GraphQLFormattedError {
  const formatted = e.toJSON();
  const requestError = e.path === undefined && (!e.originalError || e.nodes?.[0]?.kind === Kind.VARIABLE_DEFINITION);
  if (!requestError || formatted.extensions?.code !== undefined) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
}

/** The close code ws gave a protocol error (its `kStatusCode` symbol, which ws does not export). */
function closeCodeOf(err: Error): number | undefined {
  const key = Object.getOwnPropertySymbols(err).find((s) => s.description === "status-code");
  const code = key === undefined ? undefined : (err as unknown as Record<symbol, unknown>)[key];
  return typeof code === "number" ? code : undefined;
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
