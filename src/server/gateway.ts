/**
 * The gateway's HTTP server: Apollo Server over express on one
 * http.Server (which carries graphql-ws too: ws.ts), the schema, the
 * per-request context, and the AWS client pool behind it.
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { may, readableAccounts } from "../auth/grants";
import type { Principal } from "../auth/principal";
import type { AwsAccount } from "../aws/account";
import { CleanRoomsApi } from "../aws/cleanrooms-api";
import { ClientPool, type ClientPoolOptions } from "../aws/clients";
import { normalizeError, type ErrorLogger } from "../errors/normalize";
import { AccountHealth, AccountStates } from "../federation/account-health";
import type { GraphContext } from "../graph/context";
import { Loaders } from "../graph/loaders";
import { buildGraphSchema } from "../graph/schema";
import { createIdempotency, type IdempotencyConfig } from "../idempotency";
import { Watch, type WatchConfig } from "../watch";
import { graphiqlHandler, type GraphiqlPageOptions } from "./graphiql/handler";
import { principalOf } from "./authenticate.middleware";
import { createGuard, type GuardOptions } from "./guard";
import { onClientError } from "./http-errors";
import { createLogger, type Logger } from "../log/logger";
import { accountErrorsPlugin } from "./plugins/account-errors.plugin";
import { attachGraphqlWs, type GraphqlWs, type SubscriptionTransportOptions } from "./ws";

export interface GatewayOptions extends GuardOptions {
  host: string;
  port: number;
  accounts: readonly AwsAccount[];
  aws: Omit<ClientPoolOptions, "accounts">;
  /** Where unexpected errors go, under their correlation id; the structured log by default. */
  log?: ErrorLogger;
  /** The structured log (pino); JSON lines on stdout by default. */
  logger?: Logger;
  /** More Apollo plugins (tests, metrics). */
  plugins?: ApolloServerPlugin<GraphContext>[];
  /** GraphiQL for browsers on GET /graphql: on in demo mode, off unless configured; an object sets its default headers. */
  graphiql?: boolean | GraphiqlPageOptions;
  /** idempotencyKey records: in memory for 24 h by default; Redis (`redisUrl`) shares them across replicas. */
  idempotency?: IdempotencyConfig;
  /** Subscriptions: poll intervals, Redis for several replicas, WebSocket keep-alive and bounds. */
  watch?: WatchConfig & SubscriptionTransportOptions;
  /**
   * Assume every account's role once at start, in parallel and after the listen, so that the log and /healthz say at
   * once which accounts the gateway cannot act as (on by default; tests that count AWS calls turn it off).
   */
  checkAccountsAtStart?: boolean;
}

export interface Gateway {
  readonly url: string;
  readonly server: Server;
  /** Status watches behind the subscriptions (stats for tests and diagnostics). */
  readonly watch: Watch;
  /** The graphql-ws endpoint on the same server and path. */
  readonly ws: GraphqlWs;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger ?? createLogger();
  const states = new AccountStates(options.accounts, logger);
  const pool = new ClientPool({ ...options.aws, accounts: options.accounts, observer: states });
  const api = new CleanRoomsApi(pool);
  const idempotency = createIdempotency(options.idempotency);
  const watch = new Watch(api, options.watch, logger);
  const log: ErrorLogger = options.log ?? ((correlationId, err) => logger.error({ correlationId, err }, "unexpected error"));
  const schema = await buildGraphSchema();
  const guard = createGuard(options, schema, logger, log);
  const app = express();
  app.disable("x-powered-by");
  const server = createServer(app);
  server.on("clientError", onClientError); // Node's own refusals (e.g. headers too large) as GraphQL errors too
  const apollo = new ApolloServer<GraphContext>({
    schema,
    ...guard.apollo,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      ...guard.plugins,
      accountErrorsPlugin(),
      ...(options.plugins ?? []),
    ],
    formatError: (formatted, original) => normalizeError(formatted, original, log),
  });
  await apollo.start();

  const canAssume = async (accountId: string) => {
    try {
      await pool.credentials(accountId).get();
      return true;
    } catch {
      return false;
    }
  };
  /** One request's context for an authenticated principal (HTTP here; graphql-ws can use the same). */
  const contextFor = (principal: Principal): GraphContext => {
    const health = new AccountHealth();
    // The caller's part of the graph: only the accounts its grants let it read (loaders route through no other).
    const accounts = readableAccounts(principal.grants, options.accounts);
    const readable = new Set(accounts.map((a) => a.accountId));
    return {
      principal,
      accounts,
      health,
      loaders: new Loaders(api, health, [...readable]),
      canAssume,
      may: (accountId, action) => readable.has(accountId) && may(principal.grants, accountId, action),
      api,
      idempotency,
      watch,
    };
  };
  // 200 whatever the accounts' states: the process serves, and an unavailable account is an answer's part, not an outage.
  app.get("/healthz", (_req, res) => void res.json({ status: "ok", accounts: states.list() }));
  if (options.graphiql) {
    const page = options.graphiql === true ? {} : options.graphiql;
    app.use("/graphql", graphiqlHandler({ ...page, log: (e) => log("graphiql", e) })); // before Apollo: it passes non-browser requests on
  }
  app.use(
    "/graphql",
    ...guard.before, // authentication, rate limit, body and batch size, document limits
    expressMiddleware(apollo, { context: async ({ res }) => contextFor(principalOf(res)) }),
  );
  app.use(guard.errors);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  // Attached once listening: attached before, graphql-ws would print a listen failure (a port in use) as its own stack.
  const ws = attachGraphqlWs({ ...options.watch, server, path: "/graphql", schema, guard, contextFor, log, logger });
  const { port } = server.address() as AddressInfo;
  if (options.checkAccountsAtStart !== false) {
    // Outcomes reach `states` (and the log) through the pool's observer; nothing waits for them.
    for (const { accountId } of options.accounts) pool.credentials(accountId).get().catch(() => {});
  }
  return {
    url: `http://${options.host}:${port}/graphql`,
    server,
    watch,
    ws,
    async close() {
      await ws.dispose(); // sockets close with 1001 first: the HTTP server cannot finish closing while they are open
      await apollo.stop();
      await watch.close();
      await idempotency.close();
      states.close();
      pool.destroy();
    },
  };
}
