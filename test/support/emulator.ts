/**
 * Test support: an emulator on a free port and the unmodified AWS SDK
 * clients pointed at it, with credentials obtained the real way
 * (STS AssumeRole with the scenario's gateway user).
 */
import { CleanRoomsClient } from "@aws-sdk/client-cleanrooms";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsAccount } from "../../src/aws/account";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/server";

export interface ScenarioView {
  region: string;
  /** Every region the scenario serves, its own first. */
  regions: string[];
  gateway: { accountId: string; accessKeyId: string; secretAccessKey: string; arn: string };
  accounts: { accountId: string; alias: string; federated: boolean; roleArn: string; externalId?: string }[];
}

export interface TestEmulator {
  emulator: Emulator;
  url: string;
  scenario: ScenarioView;
  /** STS client signed with the gateway user's long-term keys. */
  sts(): STSClient;
  /** A Clean Rooms client acting as the account in `region` (the scenario's by default), via AssumeRole (cached per account and region). */
  cleanrooms(accountId: string, region?: string): Promise<CleanRoomsClient>;
  control<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<T>;
  calls(): Promise<{ total: number; byAccount: Record<string, Record<string, number>>; byOperation: Record<string, number>; byRegion: Record<string, Record<string, number>> }>;
  resetCalls(): Promise<void>;
  /** Reloads the scenario and clears calls and faults. */
  reset(): Promise<void>;
  advance(ms: number): Promise<void>;
  /** Stops the emulator; throws if any response it sent broke the model. */
  close(): Promise<void>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ clock: "manual", validateResponses: true, ...options });
  const url = emulator.url;
  const control = async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const scenario = await control<ScenarioView>("GET", "/_emulator/scenario");
  const clients = new Map<string, CleanRoomsClient>();
  const sts = () =>
    new STSClient({
      endpoint: url,
      region: scenario.region,
      credentials: { accessKeyId: scenario.gateway.accessKeyId, secretAccessKey: scenario.gateway.secretAccessKey },
      maxAttempts: 1,
    });
  return {
    emulator,
    url,
    scenario,
    sts,
    async cleanrooms(accountId, region = scenario.region) {
      let client = clients.get(`${accountId}/${region}`);
      if (!client) {
        const account = scenario.accounts.find((a) => a.accountId === accountId);
        if (!account) throw new Error(`no account ${accountId} in the scenario`);
        const { Credentials } = await sts().send(
          new AssumeRoleCommand({ RoleArn: account.roleArn, RoleSessionName: "tests", ExternalId: account.externalId }),
        );
        client = new CleanRoomsClient({
          endpoint: url,
          region,
          credentials: {
            accessKeyId: Credentials!.AccessKeyId!,
            secretAccessKey: Credentials!.SecretAccessKey!,
            sessionToken: Credentials!.SessionToken!,
          },
          maxAttempts: 1,
        });
        clients.set(`${accountId}/${region}`, client);
      }
      return client;
    },
    control,
    calls: () => control("GET", "/_emulator/calls"),
    resetCalls: async () => void (await control("POST", "/_emulator/calls/reset")),
    reset: async () => void (await control("POST", "/_emulator/reset")),
    advance: async (ms) => void (await control("POST", "/_emulator/clock", { advanceMs: ms })),
    async close() {
      // Every body this emulator sent must have conformed to the model.
      const report = await control<{ violations: unknown[] }>("GET", "/_emulator/conformance");
      await emulator.close();
      if (report.violations.length > 0) {
        throw new Error(`responses that break the model: ${JSON.stringify(report.violations, null, 2)}`);
      }
    },
  };
}

/** The demo scenario's accounts and ids, named for readable tests. */
export const demo = {
  advertiser: "111111111111",
  analytics: "222222222222",
  publisher: "333333333333",
  partner: "444444444444",
  retailMedia: "aaaaaaaa-0001-4000-8000-000000000001",
  audienceInsights: "aaaaaaaa-0002-4000-8000-000000000002",
  partnerPanel: "aaaaaaaa-0003-4000-8000-000000000003",
  /** membership ids: m<collaboration><account digit> */
  m11: "bbbbbbbb-0001-4000-8000-000000000001",
  m12: "bbbbbbbb-0001-4000-8000-000000000002",
  m13: "bbbbbbbb-0001-4000-8000-000000000003",
  m14: "bbbbbbbb-0001-4000-8000-000000000004",
  m21: "bbbbbbbb-0002-4000-8000-000000000001",
  m23: "bbbbbbbb-0002-4000-8000-000000000003",
  m31: "bbbbbbbb-0003-4000-8000-000000000001",
  m33: "bbbbbbbb-0003-4000-8000-000000000003",
  m34: "bbbbbbbb-0003-4000-8000-000000000004",
  pendingPayerRequest: "cccccccc-0001-4000-8000-000000000001",
} as const;

/** The scenario's federated accounts as gateway configuration; in a scenario of several regions, each account in all of them. */
export function federatedAccounts(t: TestEmulator): AwsAccount[] {
  const regions = t.scenario.regions.length > 1 ? { regions: t.scenario.regions } : {};
  return t.scenario.accounts
    .filter((a) => a.federated)
    .map((a) => ({ accountId: a.accountId, alias: a.alias, region: t.scenario.region, ...regions, roleArn: a.roleArn, externalId: a.externalId }));
}
