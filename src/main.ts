/**
 * `npm start`: the gateway. With a configuration file (`--config PATH` or
 * CLEANROOMS_GRAPH_CONFIG) it federates the accounts listed there, using the
 * standard AWS credential chain; with none it runs in demo mode on the
 * embedded emulator. Side effects (ports, env, signals) live here.
 */
import { configPath, ConfigError, loadConfigFile } from "./config/load-config";
import { startDemo, type Demo } from "./demo";
import { startGateway, type GatewayOptions } from "./server/gateway";

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
  if (path) {
    const config = loadConfigFile(path);
    options = {
      host: config.server.host,
      port: portFrom("PORT", process.env.PORT, config.server.port),
      accounts: config.accounts,
      aws: {
        endpoint: config.aws.cleanroomsEndpoint,
        stsEndpoint: config.aws.stsEndpoint,
        durationSeconds: config.aws.credentialDurationSeconds,
        retry: config.aws.retry,
      },
    };
  } else {
    demo = await startDemo({ port: portFrom("EMULATOR_PORT", process.env.EMULATOR_PORT, 4010) });
    options = { host: "127.0.0.1", port: portFrom("PORT", process.env.PORT, 4000), accounts: demo.accounts, aws: demo.aws };
  }
  const gateway = await startGateway(options);
  console.log(`cleanrooms-graph serving ${gateway.url}`);
  if (demo) console.log(`  demo mode: ${demo.accounts.length} accounts federated through the embedded emulator at ${demo.emulator.url}`);

  const stop = async () => {
    await gateway.close();
    await demo?.emulator.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
