/**
 * Test support: the gateway over real HTTP, federating the emulator's
 * accounts through the real AWS SDK, with the gateway's clock following the
 * emulator's manual clock (credential expiry stays coherent).
 */
import type { AwsAccount } from "../../src/aws/account";
import type { ClientPoolOptions } from "../../src/aws/clients";
import type { EmulatorOptions } from "../../src/emulator/server";
import { startGateway, type Gateway } from "../../src/server/gateway";
import { federatedAccounts, startTestEmulator, type TestEmulator } from "./emulator";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** The raw body, for checks that nothing internal leaks. */
  text: string;
}

export interface TestGateway {
  t: TestEmulator;
  gateway: Gateway;
  accounts: AwsAccount[];
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  emulator?: EmulatorOptions;
  /** Changes to the federated accounts (e.g. a wrong ExternalId). */
  accounts?: (accounts: AwsAccount[]) => AwsAccount[];
  aws?: Partial<Omit<ClientPoolOptions, "accounts">>;
}

/** Every response a test gets: none may carry a role ARN, a credential, a request id or a stack trace. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /arn:aws[a-z-]*:(iam|sts)::\d{12}:/,
  /\b(AKIA|ASIA)[A-Z0-9]{12,}/,
  /secretAccessKey|sessionToken|SessionToken|SecretAccessKey/,
  /requestId|x-amzn-RequestId|RequestId/i,
  /\n\s+at [^\n]+:\d+:\d+/,
  /emulator-gateway-secret/,
];

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const t = await startTestEmulator(options.emulator);
  const accounts = (options.accounts ?? ((a) => a))(federatedAccounts(t));
  const gateway = await startGateway({
    host: "127.0.0.1",
    port: 0,
    accounts,
    aws: {
      endpoint: t.url,
      stsEndpoint: t.url,
      baseCredentials: { accessKeyId: t.scenario.gateway.accessKeyId, secretAccessKey: t.scenario.gateway.secretAccessKey },
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      now: () => t.emulator.clock.now(),
      ...options.aws,
    },
    log: () => {},
  });
  return {
    t,
    gateway,
    accounts,
    async gql<T>(query: string, variables?: Record<string, unknown>) {
      const res = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      for (const p of LEAK_PATTERNS) {
        if (p.test(text)) throw new Error(`response leaks ${p}: ${text.slice(0, 500)}`);
      }
      const body = JSON.parse(text) as { data?: T | null; errors?: GraphQLResponse["errors"] };
      return { status: res.status, data: body.data, errors: body.errors, text };
    },
    async close() {
      await gateway.close();
      await t.close();
    },
  };
}
