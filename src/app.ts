/**
 * The composition root: builds the parts (the AWS client pool and API, the
 * accounts' standing states, the watch behind subscriptions, idempotency
 * records, the schema) and the context every operation gets, and hands the
 * schema, the context factory and the guard settings to the transport
 * (server/), which knows none of the parts.
 */
import type { Server } from "node:http";
import { ThrottledRefusals } from "./audit/throttled";
import { createAuditTrail, type AuditConfig } from "./audit/trail";
import { may, readableAccounts, readableRegions } from "./auth/grants";
import type { Principal } from "./auth/principal";
import { accountRegions, type AwsAccount } from "./aws/account";
import { CallBudgetExceeded, callerPool, meteredPool, OperationCalls, type CallAllowance } from "./aws/call-meter";
import { CleanRoomsApi, type ApiObserver } from "./aws/cleanrooms-api";
import { classifyAwsError } from "./aws/errors";
import { GovernorWaitError } from "./aws/governor";
import { ClientPool, type ClientPoolOptions } from "./aws/clients";
import type { ErrorLogger } from "./errors/normalize";
import { AccountStates, type AccountStateView } from "./federation/account-health";
import { AccountProbe, type ProbeBackoff } from "./federation/account-probe";
import type { GraphContext } from "./graph/context";
import { loaderStats, requestReads } from "./graph/loaders";
import { RunStatisticsCache } from "./graph/run-statistics.cache";
import { GatewayMetrics } from "./metrics/metrics";
import { auditMutations, auditRefusedMutation } from "./graph/audited";
import { buildGraphSchema } from "./graph/schema";
import { DEFAULTS } from "./defaults";
import { createIdempotency, type IdempotencyConfig } from "./idempotency";
import { createLogger, type Logger } from "./log/logger";
import type { CorsOptions } from "./server/cors";
import type { GraphiqlPageOptions } from "./server/graphiql/handler";
import type { HostCheckOptions } from "./server/host-check";
import { resolveLimits } from "./server/limits/limits";
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
  /** GET /metrics: the SHA-256 of the scraper's own bearer token; without one, any authenticated principal may read them. */
  metricsTokenSha256?: string;
  /** Where each mutation's audit event goes: the log, and with `redisUrl` a Redis stream the replicas share. */
  audit?: Partial<AuditConfig>;
  /** idempotencyKey records: in memory for 24 h by default; Redis (`redisUrl`) shares them across replicas. */
  idempotency?: IdempotencyConfig;
  /** http.Server timeouts: headers, the whole request (body included), idle keep-alive (`server.timeouts`). */
  timeouts?: ServerOptions["timeouts"];
  /** Trusted proxies and WebSocket upgrades per client address (`server.trustedProxies`, `server.webSocketHandshakes`). */
  door?: ServerOptions["door"];
  /** Subscriptions: poll intervals, Redis for several replicas, WebSocket keep-alive and bounds. */
  watch?: WatchConfig & SubscriptionTransportOptions;
  /**
   * Assume every account's role at start, in parallel and after the listen, so that the log and /healthz say at once
   * which accounts the gateway cannot act as; then, while any is unknown or unavailable, try it again with backoff
   * (federation/account-probe.ts), so that /readyz recovers without traffic (on by default; tests that count AWS
   * calls turn it off).
   */
  checkAccountsAtStart?: boolean;
  /** The retry schedule of accounts not yet available: 1 s doubling to 30 s by default (jittered). */
  accountProbe?: Partial<ProbeBackoff>;
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

/**
 * The pool's observer: the accounts' (and their regions') states, credentials and slowdowns in the metrics, slowdowns
 * in the log (one line per change, naming the region: AWS throttles an account per region). `homeRegion` names the
 * region of a governor that has none of its own.
 */
function poolObserver(states: AccountStates, logger: Logger, metrics: GatewayMetrics, homeRegion: (accountId: string) => string): NonNullable<ClientPoolOptions["observer"]> {
  return {
    succeeded: (accountId, region) => states.succeeded(accountId, region),
    failed: (accountId, error, region) => states.failed(accountId, error, region),
    assumed: (accountId, ok) => metrics.credentialsRefreshed(accountId, ok),
    slowedDown: (accountId, callsPerSecond, configuredPerSecond, at) => {
      const region = at ?? homeRegion(accountId);
      metrics.governorSlowedDown(accountId, region);
      logger.warn(
        { accountId, region, callsPerSecond, configuredPerSecond },
        `account ${accountId} in ${region}: AWS is throttling; the gateway slows its calls there to ${callsPerSecond} per second`,
      );
    },
    recovered: (accountId, callsPerSecond, at) => {
      const region = at ?? homeRegion(accountId);
      logger.info({ accountId, region, callsPerSecond }, `account ${accountId} in ${region}: back to ${callsPerSecond} calls per second`);
    },
    waited: (accountId, seconds, at) => metrics.governorWaited(accountId, at ?? homeRegion(accountId), seconds),
  };
}

/** The governors' queue of the watchers' polls (principals queue under their ids, "key:…" or "jwt:…"). */
const WATCH_CALLER = "watch";

/**
 * aws_calls_total's outcome for a call the gateway refused itself (nothing more was sent to AWS): the principal's or
 * the operation's budget, or the governor's wait; undefined for AWS's own answers.
 */
const budgetOutcome = (error: unknown): string | undefined =>
  error instanceof CallBudgetExceeded ? "budget_refused" : error instanceof GovernorWaitError ? "governor_wait_exceeded" : undefined;

/**
 * Ready once the configuration is loaded (it is, or nothing would run), every account's state is known (its role
 * tried at start, and tried again with backoff while it fails: account-probe.ts), and at least one account can be
 * acted as. Unavailable accounts are named with AWS's error code
 * only: no ARN, no message; so are the regions found unavailable of accounts that are otherwise available
 * (`unavailableRegions`: the gateway serves the account's other regions, so they do not make it unready).
 */
export function readiness(accounts: readonly AccountStateView[]): { ready: boolean; body: unknown } {
  const unknown = accounts.filter((a) => a.state === "unknown").map((a) => a.accountId);
  const unavailable = accounts.filter((a) => a.state === "unavailable").map(({ accountId, reason }) => ({ accountId, reason }));
  const unavailableRegions = accounts
    .filter((a) => a.state !== "unavailable")
    .flatMap(({ accountId, regions }) => regions.filter((r) => r.state === "unavailable").map(({ region, reason }) => ({ accountId, region, reason })));
  const reasons: string[] = [];
  if (unknown.length > 0) reasons.push(`not yet tried: ${unknown.join(", ")}`);
  if (unknown.length === 0 && unavailable.length === accounts.length) reasons.push("no account's credentials could be obtained");
  const ready = reasons.length === 0;
  return {
    ready,
    body: { status: ready ? "ready" : "not ready", ...(ready ? {} : { reasons }), unavailableAccounts: unavailable, ...(unavailableRegions.length > 0 ? { unavailableRegions } : {}) },
  };
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger ?? createLogger();
  const states = new AccountStates(options.accounts, logger);
  // Read at scrape time; the transport exists only once the server has started.
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const metrics: GatewayMetrics = new GatewayMetrics({
    subscriptions: () => server?.ws.stats().subscriptions ?? 0,
    webSockets: () => server?.ws.stats().connections ?? 0,
    watches: (): number => watch.stats().pollers,
    // Every configured region of every governed account (AWS counts quotas per account and region).
    governors: () =>
      options.accounts
        .filter((a) => pool.governed(a.accountId))
        .flatMap((a) => accountRegions(a).map((region) => ({ accountId: a.accountId, region, ...pool.governor(a.accountId, region).state() }))),
    loaders: () => loaderStats,
  });
  const homeRegion = (accountId: string) => options.accounts.find((a) => a.accountId === accountId)?.region ?? "";
  // Created once the API is; an account failing wakes it (it idles while every account is available).
  let probe: AccountProbe | undefined;
  const observer = poolObserver(states, logger, metrics, homeRegion);
  const pool: ClientPool = new ClientPool({
    ...options.aws,
    accounts: options.accounts,
    observer: {
      ...observer,
      failed: (accountId, error, region) => {
        observer.failed(accountId, error, region);
        probe?.wake();
      },
    },
  });
  const observeCall: ApiObserver = (operation, accountId, seconds, error, region) => {
    if (error instanceof CallBudgetExceeded) metrics.budgetRefused(error.budget);
    const outcome = error === undefined ? "ok" : budgetOutcome(error) ?? classifyAwsError(error, accountId).code;
    metrics.awsCall(accountId, region ?? homeRegion(accountId), operation, outcome, seconds);
  };
  // Watcher polls take their own turns in the governors, beside the principals' (fair queuing: aws/governor.ts).
  const api: CleanRoomsApi = new CleanRoomsApi(callerPool(pool, WATCH_CALLER), observeCall);
  const idempotency = createIdempotency({ ...options.idempotency, observe: (replayed) => metrics.idempotencyOutcome(replayed) });
  const watch: Watch = new Watch(api, options.watch, logger);
  const log: ErrorLogger = options.log ?? ((correlationId, err) => logger.error({ requestId: correlationId, correlationId, err }, "unexpected error"));
  const schema = await buildGraphSchema();
  const audit = createAuditTrail({ ...DEFAULTS.audit, ...options.audit }, logger);
  const throttledRefusals = new ThrottledRefusals();
  auditMutations(schema, audit);

  const canAssume = async (accountId: string) => {
    try {
      await pool.credentials(accountId).get();
      return true;
    } catch {
      return false;
    }
  };
  const { maxAwsCallsPerOperation } = resolveLimits(options.limits);
  // Finished runs' statistics never change: one cache for the process, consulted only for runs a request listed.
  const runStatistics = new RunStatisticsCache();
  /**
   * One operation's context (an HTTP request, a graphql-ws operation) for an authenticated principal. Its AWS calls
   * are metered: at most the budget per account per operation (each subscription event is one), each taken from the
   * principal's allowance.
   */
  const context = (principal: Principal, { allowance, requestId }: { allowance?: CallAllowance; requestId: string }): GraphContext => {
    // The caller's part of the graph: only the accounts its grants let it read (loaders route through no other).
    const accounts = readableAccounts(principal.grants, options.accounts);
    const readable = new Set(accounts.map((a) => a.accountId));
    const calls = new OperationCalls(maxAwsCallsPerOperation, allowance);
    const metered = new CleanRoomsApi(meteredPool(pool, calls, principal.id), observeCall);
    // Clean Rooms is regional: each account is read in the regions the caller's grants cover of it.
    const regionsOf = (accountId: string) => readableRegions(principal.grants, accountId, accountRegions(pool.account(accountId)));
    return {
      principal,
      requestId,
      accounts,
      ...requestReads(metered, [...readable], regionsOf, runStatistics),
      canAssume,
      // In a region: only one of the account's configured regions that the caller reads it in.
      may: (accountId, action, region) =>
        readable.has(accountId) && (region === undefined || regionsOf(accountId).includes(region)) && may(principal.grants, accountId, action, region),
      api: metered,
      calls,
      idempotency,
      watch,
    };
  };

  const { host, port, auth, limits, introspection, fieldSuggestions, graphiql, plugins, cors, hosts } = options;
  server = await startServer({
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
    door: options.door,
    schema,
    context,
    health: () => ({ status: "ok", accounts: states.list() }),
    readiness: () => readiness(states.list()),
    log,
    logger,
    subscriptions: options.watch,
    observer: {
      operationFinished: (name, type, outcome, seconds) => metrics.operationFinished(name, type, outcome, seconds),
      estimateRefused: () => metrics.budgetRefused("estimate"),
    },
    metrics: { scrape: () => metrics.scrape(), tokenSha256: options.metricsTokenSha256 },
    refused: (refusal) => auditRefusedMutation(audit, refusal, throttledRefusals),
  });
  if (options.checkAccountsAtStart !== false) {
    // Outcomes reach `states` (and the log) through the pool's observer; nothing waits for them.
    probe = new AccountProbe({
      states: () => states.list(),
      credentials: (accountId) => pool.credentials(accountId).get(),
      read: (accountId, region) => api.listMemberships({ accountId, region }, undefined, { maxResults: 1 }),
      backoff: options.accountProbe,
    });
    probe.start();
  }
  return {
    url: server.url,
    server: server.server,
    watch,
    ws: server.ws,
    async close() {
      probe?.close();
      await server.close();
      await watch.close();
      await idempotency.close();
      await audit.close();
      states.close();
      pool.destroy();
    },
  };
}
