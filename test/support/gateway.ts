/**
 * Test support: the gateway over real HTTP, federating the emulator's
 * accounts through the real AWS SDK, with the gateway's clock following the
 * emulator's manual clock (credential expiry stays coherent).
 *
 * Every request authenticates: by default as the operator (an API key with
 * every grant on every account, `OPERATOR_TOKEN`); tests of the boundary add
 * principals of their own and pass their tokens.
 */
import { hashApiKey } from "../../src/auth/api-keys";
import { FULL_ACCESS, type Grant } from "../../src/auth/grants";
import type { JwtOptions } from "../../src/auth/jwt";
import type { AwsAccount } from "../../src/aws/account";
import type { ClientPoolOptions } from "../../src/aws/clients";
import type { EmulatorOptions } from "../../src/emulator/server";
import type { ErrorLogger } from "../../src/errors/normalize";
import type { Limits } from "../../src/server/limits/limits";
import { silentLogger } from "../../src/server/logger";
import { startGateway, type Gateway, type GatewayOptions } from "../../src/server/gateway";
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
  /** The operator's token (every grant on every account). */
  token: string;
  /** A GraphQL request over HTTP as the operator, or with `token` (null: no Authorization header). */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  /** A raw POST (or `method`) to /graphql: `body` is sent as is when a string, else as JSON. */
  post(body: unknown, options?: RequestOptions & { method?: string }): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  /** Bearer token; the operator's when left out, none when null. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A principal of the test's own, authenticated by an API key. */
export interface TestPrincipal {
  token: string;
  name: string;
  grants: Grant[];
}

export const OPERATOR_TOKEN = "test-operator-token-4b1d0c9e7a";

export interface TestGatewayOptions {
  emulator?: EmulatorOptions;
  /** Changes to the federated accounts (e.g. a wrong ExternalId). */
  accounts?: (accounts: AwsAccount[]) => AwsAccount[];
  aws?: Partial<Omit<ClientPoolOptions, "accounts">>;
  /** Serve GraphiQL on GET /graphql (off by default, as outside demo mode). */
  graphiql?: GatewayOptions["graphiql"];
  /** Where idempotencyKey records live (memory by default; `redisUrl` for Redis). */
  idempotency?: GatewayOptions["idempotency"];
  /** API keys besides the operator's. */
  principals?: TestPrincipal[];
  jwt?: JwtOptions;
  /** The gateway's defaults, except the rate limit: off unless given here. */
  limits?: Partial<Limits>;
  introspection?: boolean;
  fieldSuggestions?: boolean;
  /** Where unexpected errors go (dropped by default). */
  log?: ErrorLogger;
  plugins?: GatewayOptions["plugins"];
}

function checkLeaks(text: string): void {
  for (const p of LEAK_PATTERNS) {
    if (p.test(text)) throw new Error(`response leaks ${p}: ${text.slice(0, 500)}`);
  }
}

/** Every response a test gets: none may carry a role ARN, a credential, a request id or a stack trace. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /arn:aws[a-z-]*:(iam|sts)::\d{12}:/,
  /\b(AKIA|ASIA)[A-Z0-9]{12,}/,
  /secretAccessKey|sessionToken|SessionToken|SecretAccessKey/,
  // An AWS request id ("RequestId", "requestId", "x-amzn-RequestId"), not a contract name ending in it (changeRequestId).
  /(?<![a-z])request[-_ ]?id/i,
  /\n\s+at [^\n]+:\d+:\d+/,
  /emulator-gateway-secret/,
];

const OPERATOR: TestPrincipal = { token: OPERATOR_TOKEN, name: "operator", grants: [...FULL_ACCESS] };

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
    log: options.log ?? (() => {}),
    logger: silentLogger,
    graphiql: options.graphiql,
    idempotency: options.idempotency,
    auth: {
      apiKeys: [OPERATOR, ...(options.principals ?? [])].map((p) => ({ sha256: hashApiKey(p.token), principal: p.name, grants: p.grants })),
      jwt: options.jwt,
    },
    limits: { rateLimit: false, ...options.limits },
    introspection: options.introspection,
    fieldSuggestions: options.fieldSuggestions,
    plugins: options.plugins,
  });
  const post = async (body: unknown, o: RequestOptions & { method?: string } = {}): Promise<RawResponse> => {
    const token = o.token === undefined ? OPERATOR_TOKEN : o.token;
    const res = await fetch(gateway.url, {
      method: o.method ?? "POST",
      headers: { "content-type": "application/json", ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...o.headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    checkLeaks(text);
    return { status: res.status, headers: res.headers, text };
  };
  return {
    t,
    gateway,
    accounts,
    token: OPERATOR_TOKEN,
    async gql<T>(query: string, variables?: Record<string, unknown>, options?: RequestOptions) {
      const { status, text } = await post({ query, variables }, options);
      const body = JSON.parse(text) as { data?: T | null; errors?: GraphQLResponse["errors"] };
      return { status, data: body.data, errors: body.errors, text };
    },
    post,
    async close() {
      await gateway.close();
      await t.close();
    },
  };
}
