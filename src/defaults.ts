/**
 * The default of every setting the configuration file can change, in one
 * place: the config schema fills them in (`.default(DEFAULTS.…)`) and the
 * code that runs without a configuration (demo mode, tests) falls back on
 * the same values, so both run one policy. README ("Configuration")
 * documents these numbers; test/config/defaults.test.ts holds the schema to
 * them. It imports nothing, so that every part may read it.
 */
/** AWS Clean Rooms' default request-rate quota of most APIs, per account and region (calls/s; Service Quotas). */
export const AWS_DEFAULT_API_RATE = 5;

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
    /**
     * The proxies (addresses, CIDRs, or loopback/linklocal/uniquelocal), or the number of proxy hops, whose
     * X-Forwarded-For names the client: none, so the TCP peer is the client (a forged header is never believed).
     */
    trustedProxies: Object.freeze([] as string[]) as readonly string[] | number,
    /**
     * Per client address, every WebSocket upgrade takes a token (refused with 429 once the bucket is empty), and at
     * most maxPendingPerAddress sockets may be open before they authenticate (each lasts 3 s at most without
     * connection_init, a few ms with it). Generous: a browser opens one socket and graphql-ws's client reconnects with
     * backoff, so these bind only a client opening sockets in a loop; an office behind one NAT address fits in them.
     */
    webSocketHandshakes: Object.freeze({
      rateLimit: Object.freeze({ burst: 100, perSecond: 20 }) as { burst: number; perSecond: number } | false,
      maxPendingPerAddress: 50 as number | false,
    }),
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
   * Per member account and region, every Clean Rooms call (reads, writes, polls, retries): 4 calls/s sustained, 8 at
   * once after a quiet spell, 8 in flight, a 15 s wait at most before THROTTLED. AWS throttles Clean Rooms per account,
   * region and API, most APIs at AWS_DEFAULT_API_RATE; the gateway's calls can all be of one API (a dashboard lists
   * every membership's runs), so its whole rate stays below one API's quota and the company's other tools keep the
   * rest (it halves its rate when AWS throttles all the same). An account with a larger quota, or one that is the
   * gateway's alone, gets settings of its own (accounts[].governor).
   */
  governor: Object.freeze({ callsPerSecond: 4, burst: 8, maxConcurrent: 8, maxWaitMs: 15_000 }),
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
  /** The audit trail's Redis stream (with audit.redisUrl): its key, and how many events it keeps (trimmed exactly). */
  audit: Object.freeze({ stream: "cleanrooms-graph:audit", maxLen: 1_000_000 }),
  /** Subscriptions: polling of watched resources, Redis leases, and the graphql-ws transport. */
  /** maxPollsPerSecondPerAccount: the pollers' share of an account's governor (2 of its 4 calls/s, leaving at least half to operations), whatever is watched. */
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
     * AWS calls one operation may make to one account (estimated before, counted during, each retry included): above
     * every shipped operation's estimate (the dashboard's 503; the approvals inbox's 943 over three regions). A backstop
     * against amplification: an operation that really needs hundreds of one account's calls meets the governor's wait
     * first, unless that account's governor is raised.
     */
    maxAwsCallsPerOperation: 1_000 as number | false,
    /**
     * AWS calls per principal (a bucket): one operation at the ceiling, or a dashboard over 50 accounts (714 calls),
     * saved up; refilling at 20/s, five accounts' governors, so one script cannot hold many accounts' turns for long.
     */
    awsCallRate: Object.freeze({ burst: 1_000, perSecond: 20 }) as { burst: number; perSecond: number } | false,
    /** Open graphql-ws connections one principal may hold at once. */
    maxConnectionsPerPrincipal: 20 as number | false,
    /**
     * Per client address: requests and WebSocket handshakes that fail authentication (server/limits/anonymous.ts).
     * Behind a proxy every client shares its address: raise it or turn it off there (README).
     */
    anonymousRateLimit: Object.freeze({ burst: 30, perSecond: 10 }) as { burst: number; perSecond: number } | false,
  }),
});
