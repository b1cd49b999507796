/**
 * The composition root: builds the parts (the AWS client pool and API, the
 * accounts' standing states, the watch behind subscriptions, idempotency
 * records, the schema) and the context every operation gets, and hands the
 * schema, the context factory and the guard settings to the transport
 * (server/), which knows none of the parts.
 */
import type { Server } from "node:http";
import { may, readableAccounts } from "./auth/grants";
import type { Principal } from "./auth/principal";
import type { AwsAccount } from "./aws/account";
import { CleanRoomsApi } from "./aws/cleanrooms-api";
import { ClientPool, type ClientPoolOptions } from "./aws/clients";
import type { ErrorLogger } from "./errors/normalize";
import { AccountStates } from "./federation/account-health";
import type { GraphContext } from "./graph/context";
import { requestReads } from "./graph/loaders";
import { buildGraphSchema } from "./graph/schema";
import { createIdempotency, type IdempotencyConfig } from "./idempotency";
import { createLogger, type Logger } from "./log/logger";
import type { CorsOptions } from "./server/cors";
import type { GraphiqlPageOptions } from "./server/graphiql/handler";
import type { HostCheckOptions } from "./server/host-check";
import type { GuardOptions } from "./server/guard";
import { startServer, type ServerOptions } from "./server/server";
import type { GraphqlWs, SubscriptionTransportOptions } from "./server/ws";
import { Watch, type WatchConfig } from "./watch";

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
  plugins?: ServerOptions["plugins"];
  /** GraphiQL for browsers on GET /graphql: on in demo mode, off unless configured; an object sets its default headers. */
  graphiql?: boolean | GraphiqlPageOptions;
  /** Origins whose web pages may call the gateway (CORS): none unless configured; demo mode allows its own. */
  cors?: CorsOptions;
  /** Host values the gateway answers (any unless configured; demo mode: its loopback hosts only), and with them the Origin check. */
  hosts?: HostCheckOptions;
  /** idempotencyKey records: in memory for 24 h by default; Redis (`redisUrl`) shares them across replicas. */
  idempotency?: IdempotencyConfig;
  /** http.Server timeouts: headers, the whole request (body included), idle keep-alive (`server.timeouts`). */
  timeouts?: ServerOptions["timeouts"];
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

/** The pool's observer: the accounts' states, and the governors' slowdowns in the log (one line per change). */
function poolObserver(states: AccountStates, logger: Logger): NonNullable<ClientPoolOptions["observer"]> {
  return {
    succeeded: (accountId) => states.succeeded(accountId),
    failed: (accountId, error) => states.failed(accountId, error),
    slowedDown: (accountId, callsPerSecond, configuredPerSecond) =>
      logger.warn(
        { accountId, callsPerSecond, configuredPerSecond },
        `account ${accountId}: AWS is throttling; the gateway slows its calls to ${callsPerSecond} per second`,
      ),
    recovered: (accountId, callsPerSecond) =>
      logger.info({ accountId, callsPerSecond }, `account ${accountId}: back to ${callsPerSecond} calls per second`),
  };
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger ?? createLogger();
  const states = new AccountStates(options.accounts, logger);
  const pool = new ClientPool({ ...options.aws, accounts: options.accounts, observer: poolObserver(states, logger) });
  const api = new CleanRoomsApi(pool);
  const idempotency = createIdempotency(options.idempotency);
  const watch = new Watch(api, options.watch, logger);
  const log: ErrorLogger = options.log ?? ((correlationId, err) => logger.error({ correlationId, err }, "unexpected error"));
  const schema = await buildGraphSchema();

  const canAssume = async (accountId: string) => {
    try {
      await pool.credentials(accountId).get();
      return true;
    } catch {
      return false;
    }
  };
  /** One operation's context (an HTTP request, a graphql-ws operation) for an authenticated principal. */
  const context = (principal: Principal): GraphContext => {
    // The caller's part of the graph: only the accounts its grants let it read (loaders route through no other).
    const accounts = readableAccounts(principal.grants, options.accounts);
    const readable = new Set(accounts.map((a) => a.accountId));
    return {
      principal,
      accounts,
      ...requestReads(api, [...readable]),
      canAssume,
      may: (accountId, action) => readable.has(accountId) && may(principal.grants, accountId, action),
      api,
      idempotency,
      watch,
    };
  };

  const { host, port, auth, limits, introspection, fieldSuggestions, graphiql, plugins, cors, hosts } = options;
  const server = await startServer({
    host,
    port,
    auth,
    limits,
    introspection,
    fieldSuggestions,
    graphiql,
    plugins,
    cors,
    hosts,
    timeouts: options.timeouts,
    schema,
    context,
    health: () => ({ status: "ok", accounts: states.list() }),
    log,
    logger,
    subscriptions: options.watch,
  });
  if (options.checkAccountsAtStart !== false) {
    // Outcomes reach `states` (and the log) through the pool's observer; nothing waits for them.
    for (const { accountId } of options.accounts) pool.credentials(accountId).get().catch(() => {});
  }
  return {
    url: server.url,
    server: server.server,
    watch,
    ws: server.ws,
    async close() {
      await server.close();
      await watch.close();
      await idempotency.close();
      states.close();
      pool.destroy();
    },
  };
}
