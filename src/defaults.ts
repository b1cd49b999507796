/**
 * The default of every setting the configuration file can change, in one
 * place: the config schema fills them in (`.default(DEFAULTS.…)`) and the
 * code that runs without a configuration (demo mode, tests) falls back on
 * the same values, so both run one policy. README ("Configuration")
 * documents these numbers; test/config/defaults.test.ts holds the schema to
 * them. It imports nothing, so that every part may read it.
 */
export const DEFAULTS = Object.freeze({
  /**
   * cors.origins: web pages on other origins that may call the gateway (none). allowedHosts: the Host values it
   * answers (none listed: any, as behind a load balancer; README "Configuration").
   */
  server: Object.freeze({
    host: "127.0.0.1",
    port: 4000,
    allowedHosts: Object.freeze([] as string[]),
    cors: Object.freeze({ origins: Object.freeze([] as string[]) }),
    /**
     * http.Server: headers must arrive within headersMs, the whole request (body included) within requestMs, and an
     * idle keep-alive connection closes after keepAliveMs. A client trickling its body holds a socket requestMs at most.
     */
    timeouts: Object.freeze({ headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 }),
  }),
  /** Attempts per read (and per write after throttling), exponential backoff with full jitter. */
  retry: Object.freeze({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 }),
  /**
   * aws.callTimeoutMs: how long one attempt of an AWS call may wait for AWS's answer to begin before it fails as a
   * timeout (transient: a read is retried, within retry.maxAttempts). Clean Rooms answers its API calls in well under a
   * second; 5 s leaves room for a slow day while a hung connection costs one request at most attempts × 5 s.
   */
  awsCallTimeoutMs: 5_000,
  /**
   * Per member account, every Clean Rooms call (reads, writes, polls, retries): 5 calls/s sustained, 10 at once after
   * a quiet spell, 8 in flight, a 10 s wait at most before THROTTLED. AWS throttles Clean Rooms per account (and
   * region), a quota shared by every tool and person of the company; these defaults sit well below AWS's per-API
   * rates so that the gateway, a guest in the account, never throttles the others (and it halves its rate when AWS
   * throttles all the same). Raise them per account (accounts[].governor) where the quota is the gateway's alone.
   */
  governor: Object.freeze({ callsPerSecond: 5, burst: 10, maxConcurrent: 8, maxWaitMs: 10_000 }),
  /**
   * JWTs: leeway on exp/nbf/iat, and the claim that names the principal. A JWKS URL: one fetch's time limit, the
   * cool-down after a fetch, the key set's age before a refresh, and how old it may grow while the JWKS is down.
   */
  jwt: Object.freeze({
    clockToleranceSeconds: 30,
    principalClaim: "sub",
    jwksTimeoutMs: 3_000,
    jwksCooldownMs: 30_000,
    jwksCacheMaxAgeMs: 600_000,
    jwksMaxStaleMs: 24 * 60 * 60 * 1000,
  }),
  idempotency: Object.freeze({ ttlSeconds: 24 * 60 * 60 }),
  /** The audit trail's Redis stream (with audit.redisUrl): its key, and about how many events it keeps. */
  audit: Object.freeze({ stream: "cleanrooms-graph:audit", maxLen: 1_000_000 }),
  /** Subscriptions: polling of watched resources, Redis leases, and the graphql-ws transport. */
  /** maxPollsPerSecondPerAccount: the pollers' share of an account's governor (2 of its 5 calls/s), whatever is watched. */
  watch: Object.freeze({
    minIntervalMs: 1_000,
    maxIntervalMs: 20_000,
    leaseTtlMs: 10_000,
    keepAliveMs: 12_000,
    maxSubscriptionsPerConnection: 100,
    maxPollsPerSecondPerAccount: 2,
  }),
  /** Why these bounds: server/limits/limits.ts. */
  limits: Object.freeze({
    maxDepth: 12,
    maxCost: 2_000_000,
    maxAliases: 30,
    maxRepeatedField: 10,
    maxTokens: 2_000,
    maxBatchedOperations: 10,
    maxBodyBytes: 1_048_576,
    maxInputDepth: 16,
    maxVariableValues: 10_000,
    rateLimit: Object.freeze({ burst: 120, perSecond: 20 }),
    /**
     * AWS calls per operation to one account (estimated before, counted during), and per principal (a bucket of calls).
     * The dashboard's estimate is about 500 per account (it makes 26 on the demo); the principal's bucket holds a
     * dashboard over 50 accounts and refills at 50 calls/s, well above one person's use and far below what a script
     * could take from the accounts' quotas.
     */
    maxAwsCallsPerOperation: 1_000 as number | false,
    awsCallRate: Object.freeze({ burst: 2_000, perSecond: 50 }) as { burst: number; perSecond: number } | false,
    /** Open graphql-ws connections one principal may hold at once. */
    maxConnectionsPerPrincipal: 20 as number | false,
    /**
     * Per client address: requests and WebSocket handshakes that fail authentication (server/limits/anonymous.ts).
     * Behind a proxy every client shares its address: raise it or turn it off there (README).
     */
    anonymousRateLimit: Object.freeze({ burst: 30, perSecond: 10 }) as { burst: number; perSecond: number } | false,
  }),
});
