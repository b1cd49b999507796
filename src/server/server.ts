/**
 * The gateway's transport: Apollo Server over express and graphql-ws (ws.ts)
 * on one http.Server and path, behind the guard (guard.ts), executing the
 * schema it is given with the context it is given, and /healthz. What the
 * schema and the context are made of is the composition root's (src/app.ts).
 * /healthz says the process serves; /readyz whether it should get traffic.
 * The Host and Origin checks (host-check.ts), when configured or in demo
 * mode, come first on every route and WebSocket upgrade; then CORS
 * (cors.ts), when configured, answers preflights before anything else.
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Principal } from "../auth/principal";
import { DEFAULTS } from "../defaults";
import type { ErrorLogger } from "../errors/normalize";
import type { GraphContext } from "../graph/context";
import type { Logger } from "../log/logger";
import { principalOf } from "./authenticate.middleware";
import { clientAddress, trustProxySetting, type TrustedProxies } from "./client-address";
import { corsHandler, ownOrigins, type CorsOptions } from "./cors";
import { finishing } from "./finish";
import { createHostCheck, type HostCheckOptions } from "./host-check";
import { graphiqlHandler, type GraphiqlPageOptions } from "./graphiql/handler";
import { createGuard, type GuardOptions } from "./guard";
import type { AwsCallAllowance } from "./limits/aws-call-budget";
import type { HandshakeLimits } from "./limits/handshakes";
import { metricsHandler } from "./metrics";
import { httpRefusals, type RefusalObserver } from "./refusals";
import { requestScope } from "./request-id";

/** What the transport tells the context factory of one operation. */
export interface OperationRequest {
  /** The principal's allowance of AWS calls; every call the operation makes takes one (none: not limited). */
  allowance: AwsCallAllowance | undefined;
  /** The operation's correlation id (request-id.ts). */
  requestId: string;
}
import { onClientError } from "./http-errors";
import { attachGraphqlWs, type GraphqlWs, type SubscriptionTransportOptions } from "./ws";

/** How long closing waits for requests in flight (well inside main.ts's 10 s shutdown bound). */
export const DRAIN_MS = 5_000;

export interface ServerOptions extends GuardOptions {
  host: string;
  port: number;
  schema: GraphQLSchema;
  /** One operation's context for an authenticated principal, over HTTP and graphql-ws alike. */
  context(principal: Principal, request: OperationRequest): GraphContext;
  /** The body of GET /healthz. */
  health(): unknown;
  /** GET /readyz: whether the gateway can serve (200, else 503) and the body that says why. */
  readiness(): { ready: boolean; body: unknown };
  /** Where unexpected errors go, under their correlation id. */
  log: ErrorLogger;
  logger: Logger;
  /** More Apollo plugins (tests, metrics). */
  plugins?: ApolloServerPlugin<GraphContext>[];
  /** GraphiQL for browsers on GET /graphql; an object sets its default headers. */
  graphiql?: boolean | GraphiqlPageOptions;
  /** graphql-ws keep-alive and bounds. */
  subscriptions?: SubscriptionTransportOptions;
  /** Origins whose web pages may call /graphql (none by default). */
  cors?: CorsOptions;
  /** The Host values the gateway answers (any by default), and whether its own loopback hosts are among them (demo mode). */
  hosts?: HostCheckOptions;
  /** http.Server timeouts (DEFAULTS.server.timeouts for any left out). */
  timeouts?: Partial<ServerTimeouts>;
  /** Whose X-Forwarded-For names the client, and WebSocket upgrades per client address (DEFAULTS.server for any left out). */
  door?: { trustedProxies?: TrustedProxies; webSocketHandshakes?: HandshakeLimits };
  /** GET /metrics: the exposition text, for a scraper with `tokenSha256`'s token or, without one, any authenticated principal. */
  metrics?: { scrape(): Promise<{ contentType: string; text: string }>; tokenSha256?: string };
  /** Told of each mutation refused before it ran, from a known principal, over HTTP and graphql-ws (refusals.ts: the audit trail). */
  refused?: RefusalObserver;
}

export interface ServerTimeouts {
  /** The request's headers must have arrived within this (Node's headersTimeout). */
  headersMs: number;
  /** The whole request, body included, must have arrived within this (requestTimeout): a trickled body is cut. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this (keepAliveTimeout). */
  keepAliveMs: number;
}

export interface GraphServer {
  readonly url: string;
  readonly server: Server;
  /** The graphql-ws endpoint on the same server and path. */
  readonly ws: GraphqlWs;
  /** Stops accepting and closes the sockets (1001) at once, then waits for requests in flight (up to DRAIN_MS). */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<GraphServer> {
  const { schema, log, logger } = options;
  const guard = createGuard(options, schema, logger, log);
  const finish = finishing(log);
  const refusals = options.refused && httpRefusals(options.refused, guard.limits);
  const app = express();
  app.disable("x-powered-by");
  // The client address of the per-address throttles (req.ip, and upgrades by the same rule): client-address.ts.
  app.set("trust proxy", trustProxySetting(options.door?.trustedProxies ?? DEFAULTS.server.trustedProxies));
  const timeouts: ServerTimeouts = { ...DEFAULTS.server.timeouts, ...definedOnly(options.timeouts ?? {}) };
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often Node looks for requests past those timeouts (30 s by default, which would double them).
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(Math.min(timeouts.headersMs, timeouts.requestMs) / 10))),
    },
    app,
  );
  server.on("clientError", onClientError); // Node's own refusals (e.g. headers too large, 408) as GraphQL errors too
  const apollo = new ApolloServer<GraphContext>({
    schema,
    // main.ts owns the signals: Apollo's own handler would stop it, then send the signal again (a second signal exits at once).
    stopOnTerminationSignals: false,
    ...guard.apollo,
    plugins: [
      // On close: stop accepting, let requests in flight finish for up to DRAIN_MS, then cut what is left.
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: DRAIN_MS }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching hints are served, and Apollo's cache-control plugin wraps every field's resolution (≈3% of a dashboard).
      ApolloServerPluginCacheControlDisabled(),
      ...guard.plugins,
      finish.plugin,
      ...(refusals ? [refusals.plugin] : []),
      ...(options.plugins ?? []),
    ],
    formatError: finish.formatError,
  });
  await apollo.start();

  app.use(requestScope); // first: every answer, refusals included, carries its correlation id
  const corsOrigins = new Set(options.cors?.origins ?? DEFAULTS.server.cors.origins);
  const hostCheck = createHostCheck(options.hosts, corsOrigins);
  if (hostCheck.active) app.use(hostCheck.middleware); // every route: DNS rebinding (host-check.ts)
  // 200 whatever the accounts' states: the process serves, and an unavailable account is an answer's part, not an outage.
  app.get("/healthz", (_req, res) => void res.json(options.health()));
  if (options.metrics) app.get("/metrics", metricsHandler(options.metrics, guard.authenticator));
  // Whether to send traffic here: 503 until every account's state is known and one of them can be acted as.
  app.get("/readyz", (_req, res) => {
    const { ready, body } = options.readiness();
    res.status(ready ? 200 : 503).json(body);
  });
  if (corsOrigins.size > 0 || options.cors?.ownOrigins) app.use("/graphql", corsHandler(corsOrigins)); // preflights carry no token
  if (options.graphiql) {
    const page = options.graphiql === true ? {} : options.graphiql;
    app.use("/graphql", graphiqlHandler({ ...page, log: (e) => log("graphiql", e) })); // before Apollo: it passes non-browser requests on
  }
  app.use(
    "/graphql",
    ...(refusals ? [refusals.watch] : []),
    ...guard.before, // authentication, rate limit, body and batch size, document limits
    ...(refusals ? [refusals.admitted] : []),
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        const principal = principalOf(res);
        return options.context(principal, { allowance: guard.awsCalls.allowance(principal.id), requestId: res.locals.requestId as string });
      },
    }),
  );
  app.use(guard.errors);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  hostCheck.listening((server.address() as AddressInfo).port);
  // Attached once listening: attached before, graphql-ws would print a listen failure (a port in use) as its own stack.
  const ws = attachGraphqlWs({ ...options.subscriptions, server, path: "/graphql", schema, guard, context: options.context, finishing: finish, logger, observer: options.observer, refused: options.refused, verifyUpgrade: hostCheck.active ? hostCheck.refusal : undefined, clientAddress: clientAddress(app), handshakes: options.door?.webSocketHandshakes });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}/graphql`;
  if (options.cors?.ownOrigins) for (const origin of ownOrigins(url)) corsOrigins.add(origin);
  return {
    url,
    server,
    ws,
    async close() {
      // At once: the HTTP server stops accepting (the drain closes the listener right away, then waits up to DRAIN_MS
      // for requests in flight) while the sockets close with 1001. dispose() first: its close frames are written
      // before the drain ends idle connections, which upgraded sockets are to it.
      const sockets = ws.dispose();
      await Promise.all([sockets, apollo.stop()]);
    },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
