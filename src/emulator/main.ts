/**
 * `npm run emulator`: the Clean Rooms + STS emulator alone, on
 * 127.0.0.1:4010 with the demo scenario. Settings come from the environment
 * (README lists them): EMULATOR_PORT, EMULATOR_SCENARIO, EMULATOR_CLOCK,
 * EMULATOR_CREDENTIAL_LIFETIME_SECONDS. EMULATOR_SCENARIO is a file, or
 * `generate:accounts=50,collaborations=100,seed=7` for a generated world.
 */
import { loadScenarioFile } from "./scenario";
import { isGeneratorSource, scenarioFromGeneratorSource } from "./scenario-generator";
import { startEmulator } from "./server";

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`EMULATOR_PORT must be a port number (0-65535), got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  const env = process.env;
  const clock = env.EMULATOR_CLOCK ?? "real";
  if (clock !== "real" && clock !== "manual") throw new Error(`EMULATOR_CLOCK must be 'real' or 'manual', got '${clock}'`);
  const lifetime = env.EMULATOR_CREDENTIAL_LIFETIME_SECONDS ? Number(env.EMULATOR_CREDENTIAL_LIFETIME_SECONDS) : undefined;
  const emulator = await startEmulator({
    port: port(env.EMULATOR_PORT, 4010),
    // `generate:accounts=50,seed=7` generates one (scenario-generator.ts); anything else is a file.
    scenario: !env.EMULATOR_SCENARIO
      ? undefined
      : isGeneratorSource(env.EMULATOR_SCENARIO)
        ? scenarioFromGeneratorSource(env.EMULATOR_SCENARIO)
        : loadScenarioFile(env.EMULATOR_SCENARIO),
    clock,
    credentialLifetimeSeconds: lifetime,
  });
  const g = emulator.scenario.gateway;
  console.log(`AWS Clean Rooms + STS emulator listening on ${emulator.url} (clock: ${clock})`);
  console.log(`  gateway identity: AWS_ACCESS_KEY_ID=${g.accessKeyId} AWS_SECRET_ACCESS_KEY=${g.secretAccessKey}`);
  console.log(`  accounts and roles: curl ${emulator.url}/_emulator/scenario`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
