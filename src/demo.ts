/**
 * Demo mode: the embedded emulator on 127.0.0.1 with the demo scenario, and
 * a gateway configuration that federates the scenario's federated accounts
 * through it with the scenario's gateway identity. No AWS account needed.
 * Everything listens on 127.0.0.1 only, and the gateway accepts one token
 * (auth/demo-token.ts) that grants everything. Pages served from the
 * gateway's own origins (http://127.0.0.1:PORT, http://localhost:PORT) may
 * call it (CORS). It answers only loopback Host headers on its port, and
 * refuses pages of other origins, so that a page on another name resolving
 * to 127.0.0.1 (DNS rebinding) never gets GraphiQL's page and its token.
 */
import { demoAuth } from "./auth/demo-token";
import type { AwsAccount } from "./aws/account";
import { roleArn, scenarioRegions } from "./emulator/scenario";
import { startEmulator, type Emulator, type EmulatorOptions } from "./emulator/server";
import type { CorsOptions } from "./server/cors";
import type { GuardOptions } from "./server/guard";
import type { HostCheckOptions } from "./server/host-check";

/** Demo mode is for one machine: nothing it serves is reachable from elsewhere. */
export const DEMO_HOST = "127.0.0.1";

export interface Demo {
  emulator: Emulator;
  accounts: AwsAccount[];
  aws: { endpoint: string; stsEndpoint: string; baseCredentials: { accessKeyId: string; secretAccessKey: string } };
  /** The gateway's guard settings: the demo token only, introspection and suggestions on. */
  guard: GuardOptions;
  /** CORS: the gateway's own origins, on whatever port it listens. */
  cors: CorsOptions;
  /** Hosts: 127.0.0.1, localhost and [::1] on the gateway's port, and no other. */
  hosts: HostCheckOptions;
}

/** A run started in the demo is SUBMITTED for 3 s and SUCCESS 20 s after its start: long enough to follow it from GraphiQL. */
export const DEMO_RUN_SCHEDULE = { startAfterMs: 3_000, finishAfterMs: 20_000, cancelAfterMs: 2_000 } as const;

export async function startDemo(options: EmulatorOptions, token: string): Promise<Demo> {
  const emulator = await startEmulator({ runSchedule: DEMO_RUN_SCHEDULE, ...options, host: DEMO_HOST });
  const { scenario } = emulator;
  return {
    emulator,
    accounts: scenario.accounts
      .filter((a) => a.federated)
      // Every account in every region the scenario serves (a generated scenario may spread collaborations over several).
      .map((a) => ({ accountId: a.accountId, alias: a.alias, region: scenario.region, regions: scenarioRegions(scenario), roleArn: roleArn(a), externalId: a.role.externalId })),
    aws: {
      endpoint: emulator.url,
      stsEndpoint: emulator.url,
      baseCredentials: { accessKeyId: scenario.gateway.accessKeyId, secretAccessKey: scenario.gateway.secretAccessKey },
    },
    guard: { auth: demoAuth(token), introspection: true, fieldSuggestions: true },
    cors: { ownOrigins: true },
    hosts: { loopbackHosts: true },
  };
}
