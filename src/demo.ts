/**
 * Demo mode: the embedded emulator on 127.0.0.1 with the demo scenario, and
 * a gateway configuration that federates the scenario's federated accounts
 * through it with the scenario's gateway identity. No AWS account needed.
 */
import type { AwsAccount } from "./aws/account";
import { roleArn } from "./emulator/scenario";
import { startEmulator, type Emulator, type EmulatorOptions } from "./emulator/server";

export interface Demo {
  emulator: Emulator;
  accounts: AwsAccount[];
  aws: { endpoint: string; stsEndpoint: string; baseCredentials: { accessKeyId: string; secretAccessKey: string } };
}

export async function startDemo(options: EmulatorOptions): Promise<Demo> {
  const emulator = await startEmulator({ host: "127.0.0.1", ...options });
  const { scenario } = emulator;
  return {
    emulator,
    accounts: scenario.accounts
      .filter((a) => a.federated)
      .map((a) => ({ accountId: a.accountId, alias: a.alias, region: scenario.region, roleArn: roleArn(a), externalId: a.role.externalId })),
    aws: {
      endpoint: emulator.url,
      stsEndpoint: emulator.url,
      baseCredentials: { accessKeyId: scenario.gateway.accessKeyId, secretAccessKey: scenario.gateway.secretAccessKey },
    },
  };
}
