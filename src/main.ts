/**
 * `npm start`: the gateway. With a configuration file (`--config PATH` or
 * CLEANROOMS_GRAPH_CONFIG) it federates the accounts listed there, using the
 * standard AWS credential chain; with none it runs in demo mode on the
 * embedded emulator. Side effects (ports, env, signals) live here.
 */
import { configPath, ConfigError, loadConfigFile } from "./config/load-config";
import { demoToken, demoTokenBanner, DemoTokenError, DEV_TOKEN_ENV } from "./auth/demo-token";
import { DEFAULTS } from "./defaults";
// Demo mode only: loaded on demand so that a production start never loads the emulator.
import type { Demo } from "./demo";
import { startGateway, type GatewayOptions } from "./app";
import { createLogger } from "./log/logger";
import { explainPortInUse, PortInUseError } from "./server/port-in-use";
import { DRAIN_MS } from "./server/server";

/** The longest a shutdown may take before the process exits anyway (orchestrators usually allow 30 s before SIGKILL). */
const SHUTDOWN_MS = 10_000;

function portFrom(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number (0-65535), got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  const path = configPath(process.argv.slice(2), process.env);
  let demo: Demo | undefined;
  let options: GatewayOptions;
  const logger = createLogger(process.env.LOG_LEVEL || "info");
  let token: ReturnType<typeof demoToken> | undefined;
  if (path) {
    const config = loadConfigFile(path);
    if (process.env[DEV_TOKEN_ENV]) logger.warn(`${DEV_TOKEN_ENV} is ignored: it applies to demo mode only, and a configuration is in use`);
    options = {
      host: config.server.host,
      port: portFrom("PORT", process.env.PORT, config.server.port),
      timeouts: config.server.timeouts,
      door: { trustedProxies: config.server.trustedProxies, webSocketHandshakes: config.server.webSocketHandshakes },
      accounts: config.accounts,
      aws: {
        endpoint: config.aws.cleanroomsEndpoint,
        stsEndpoint: config.aws.stsEndpoint,
        durationSeconds: config.aws.credentialDurationSeconds,
        retry: config.aws.retry,
        governor: config.aws.governor,
        callTimeoutMs: config.aws.callTimeoutMs,
      },
      idempotency: config.idempotency,
      audit: config.audit,
      metricsTokenSha256: config.metrics.tokenSha256,
      watch: config.watch,
      auth: config.auth,
      limits: config.limits,
      introspection: config.introspection,
      fieldSuggestions: config.fieldSuggestions,
      graphiql: config.graphiql,
      cors: config.server.cors,
      hosts: { allowedHosts: config.server.allowedHosts },
      logger,
    };
  } else {
    token = demoToken(process.env);
    const { DEMO_HOST, startDemo } = await import("./demo.js");
    demo = await startDemo({ port: portFrom("EMULATOR_PORT", process.env.EMULATOR_PORT, 4010) }, token.token).catch((e: unknown) => {
      throw explainPortInUse(e, "EMULATOR_PORT=...");
    });
    options = {
      host: DEMO_HOST,
      port: portFrom("PORT", process.env.PORT, DEFAULTS.server.port),
      accounts: demo.accounts,
      aws: demo.aws,
      ...demo.guard,
      cors: demo.cors,
      hosts: demo.hosts,
      logger,
      // GraphiQL with the demo token filled in, so the example operations run as they are.
      graphiql: { defaultHeaders: { Authorization: `Bearer ${token.token}` } },
    };
  }
  const gateway = await startGateway(options).catch((e: unknown) => {
    throw explainPortInUse(e, path ? `PORT=... or server.port in ${path}` : "PORT=...");
  });
  console.log(`cleanrooms-graph serving ${gateway.url}`);
  if (demo) console.log(`  demo mode: ${demo.accounts.length} accounts federated through the embedded emulator at ${demo.emulator.url}`);
  if (options.graphiql) console.log(`  GraphiQL: open ${gateway.url} in a browser`);
  if (token) for (const line of demoTokenBanner(token, gateway.url)) console.log(line);

  // SIGTERM / SIGINT: stop accepting and close WebSockets (1001) at once, let requests in flight finish (bounded by the
  // server's drain), release watch leases so another replica polls at once, and exit within SHUTDOWN_MS: 0 when
  // everything in flight finished, 1 when some of it had to be cut (an orchestrator's log then says work was lost).
  // A second signal exits at once (1).
  let stopping = false;
  /**
   * HTTP answers not sent in full yet. Once the server has closed, one still unfinished was cut by the drain (its
   * socket's 'close' may come after the server's own, so it is counted then rather than on that event); one whose
   * client hung up before the drain's end was not the shutdown's doing.
   */
  const unanswered = new Set<import("node:http").ServerResponse>();
  let drainEnds = Infinity;
  gateway.server.on("request", (_req, res: import("node:http").ServerResponse) => {
    unanswered.add(res);
    res.once("finish", () => unanswered.delete(res));
    res.once("close", () => performance.now() < drainEnds && unanswered.delete(res));
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    drainEnds = performance.now() + DRAIN_MS;
    logger.info({ signal }, `shutting down: finishing requests in flight (${SHUTDOWN_MS / 1000} s at most)`);
    setTimeout(() => {
      logger.warn("shutdown did not finish in time: exiting");
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    gateway
      .close()
      .then(() => demo?.emulator.close())
      .then(
        () => {
          const cut = unanswered.size;
          if (cut > 0) {
            logger.warn({ cut }, `stopped: ${cut} request(s) in flight did not finish within the drain and were cut`);
            process.exit(1);
          }
          logger.info("stopped");
          process.exit(0);
        },
        (e: unknown) => {
          logger.error({ err: e }, "shutdown failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // A supervisor that forked this process (a process manager, the replica tests) may ask for the subscription figures.
  if (process.send) {
    process.on("message", (m) => {
      if (m === "watch-stats") process.send?.({ watchStats: gateway.watch.stats(), wsStats: gateway.ws.stats() });
    });
  }
}

main().catch((e: unknown) => {
  // The operator's mistakes are one line each; anything else is a bug, with its stack.
  console.error(e instanceof ConfigError || e instanceof DemoTokenError || e instanceof PortInUseError ? e.message : e);
  process.exit(1);
});
