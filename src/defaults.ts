/**
 * The default of every setting the configuration file can change, in one
 * place: the config schema fills them in (`.default(DEFAULTS.…)`) and the
 * code that runs without a configuration (demo mode, tests) falls back on
 * the same values, so both run one policy. README ("Configuration")
 * documents these numbers; test/config/defaults.test.ts holds the schema to
 * them. It imports nothing, so that every part may read it.
 */
export const DEFAULTS = Object.freeze({
  /** cors.origins: web pages on other origins that may call the gateway (none). */
  server: Object.freeze({ host: "127.0.0.1", port: 4000, cors: Object.freeze({ origins: Object.freeze([] as string[]) }) }),
  /** Attempts per read (and per write after throttling), exponential backoff with full jitter. */
  retry: Object.freeze({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 }),
  /** JWTs: leeway on exp/nbf/iat, and the claim that names the principal. */
  jwt: Object.freeze({ clockToleranceSeconds: 30, principalClaim: "sub" }),
  idempotency: Object.freeze({ ttlSeconds: 24 * 60 * 60 }),
  /** Subscriptions: polling of watched resources, Redis leases, and the graphql-ws transport. */
  watch: Object.freeze({ minIntervalMs: 1_000, maxIntervalMs: 20_000, leaseTtlMs: 10_000, keepAliveMs: 12_000, maxSubscriptionsPerConnection: 100 }),
  /** Why these bounds: server/limits/limits.ts. */
  limits: Object.freeze({
    maxDepth: 12,
    maxCost: 2_000_000,
    maxAliases: 30,
    maxRepeatedField: 10,
    maxTokens: 2_000,
    maxBatchedOperations: 10,
    maxBodyBytes: 1_048_576,
    rateLimit: Object.freeze({ burst: 120, perSecond: 20 }),
  }),
});
