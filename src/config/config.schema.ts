/**
 * The gateway's configuration file (YAML or JSON), validated at start. Every
 * setting is documented in README ("Configuration").
 */
import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULTS } from "../defaults";
import { accountIdSchema, accountIdText, EVEN_WITH_OTHER_ISSUES, field, isWellFormedAccountId, items } from "./account-ids";
import { authSchema, checkGrantAccounts, checkGrantRegions, limitsSchema, rateLimitSchema } from "./auth.schema";

const ROLE_ARN = /^arn:aws[-a-z]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * One CORS origin, written exactly as a browser sends it in Origin: `scheme://host[:port]` (http or https; the host in
 * lowercase, no default port, no path, no trailing slash). Anything else would never match; the message says what to
 * write instead.
 */
export const originSchema = z.string().superRefine((value, ctx) => {
  const problem = originProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

function originProblem(value: string): string | undefined {
  const example = "an origin such as https://app.example.com or http://localhost:5173 (scheme://host[:port])";
  if (value.includes("*")) return `must be ${example}; wildcards are not allowed, list each origin`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be ${example}, got '${value}'`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be an http:// or https:// origin, got '${value}'`;
  if (url.origin !== value) return `must be an origin exactly as browsers send it (no path, no trailing slash, no default port, lowercase host): write ${url.origin}`;
  return undefined;
}

/**
 * One allowed Host header value: `host` or `host:port` (a name, an IPv4 address or a bracketed IPv6 address), matched
 * exactly and in any case; no scheme, path or wildcard.
 */
export const allowedHostSchema = z
  .string()
  .regex(
    /^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i,
    "must be a host as clients send it in the Host header, host or host:port (graph.example.com, graph.example.com:8443, [::1]:4000); no scheme, path or wildcard",
  );

/**
 * One trusted proxy, as express's `trust proxy` takes it: an IP address, a CIDR range (address/prefix), or one of the
 * names loopback, linklocal, uniquelocal. Checked here so that a typo stops the start instead of trusting nothing.
 */
const trustedProxySchema = z.string().superRefine((value, ctx) => {
  if (TRUSTED_PROXY_NAMES.has(value)) return;
  const [address, prefix, ...rest] = value.split("/");
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
  if (family === 0 || !prefixOk || rest.length > 0) {
    ctx.addIssue({ code: "custom", message: `must be an IP address, a CIDR range (10.0.0.0/8, fd00::/8) or loopback, linklocal or uniquelocal, got '${value}'` });
  }
});
const TRUSTED_PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** The per-account call governor (README "Configuration"); per account, any of its settings may be overridden. */
const governorFields = {
  callsPerSecond: z.number().positive().max(1_000),
  burst: z.number().int().min(1).max(1_000),
  maxConcurrent: z.number().int().min(1).max(100),
  maxWaitMs: z.number().int().min(0).max(120_000),
};
export const governorOverrideSchema = z.object(governorFields).partial().strict();

const regionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1");

const accountFields = z.object({
  accountId: accountIdSchema,
  alias: z.string().min(1).max(64).optional(),
  /** One region: the same as `regions: [region]`. */
  region: regionSchema.optional(),
  /** Every region the account holds Clean Rooms resources in (Clean Rooms is regional); the first is its home region. */
  regions: z.array(regionSchema).min(1, "must list at least one region").optional(),
  /** Where the role is assumed (STS): the first region when left out. */
  stsRegion: regionSchema.optional(),
  roleArn: z.string().regex(ROLE_ARN, "must be an IAM role ARN (arn:aws:iam::123456789012:role/Name)"),
  externalId: z.string().min(2).max(1224).optional(),
  sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, "must be 2-64 characters of [A-Za-z0-9_+=,.@-]").optional(),
  /** This account's own quota share, over aws.governor. */
  governor: governorOverrideSchema.optional(),
  /** This account's own per-attempt timeout, over aws.callTimeoutMs. */
  callTimeoutMs: z.number().int().min(100).max(120_000).optional(),
});

/** An account as configured, with `region` / `regions` made one list (`region` its first): what the client pool takes. */
export const accountSchema = accountFields
  .strict()
  .superRefine((a, ctx) => {
    if (a.region === undefined && a.regions === undefined) ctx.addIssue({ code: "custom", path: ["regions"], message: "give the account's regions (or one region)" });
    if (a.region !== undefined && a.regions !== undefined) ctx.addIssue({ code: "custom", path: ["region"], message: "give region or regions, not both" });
    const seen = new Set<string>();
    (a.regions ?? []).forEach((r, i) => {
      if (seen.has(r)) ctx.addIssue({ code: "custom", path: ["regions", i], message: `region ${r} is listed twice` });
      seen.add(r);
    });
  })
  .transform(({ region, regions, ...rest }) => {
    const all = regions ?? [region!];
    return { ...rest, region: all[0], regions: all };
  });

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default(DEFAULTS.server.host),
        port: z.number().int().min(0).max(65535).default(DEFAULTS.server.port),
        /** Host header values the gateway answers (DNS rebinding); any when none are listed. */
        allowedHosts: z.array(allowedHostSchema).default(() => [...DEFAULTS.server.allowedHosts]),
        /** Web apps on other origins that may call the gateway from a browser (CORS); none unless listed. */
        cors: z
          .object({ origins: z.array(originSchema).default(() => [...DEFAULTS.server.cors.origins]) })
          .strict()
          .prefault({}),
        /** http.Server timeouts: headers, the whole request (body included), an idle keep-alive connection. */
        timeouts: z
          .object({
            headersMs: z.number().int().min(100).max(600_000).default(DEFAULTS.server.timeouts.headersMs),
            requestMs: z.number().int().min(100).max(3_600_000).default(DEFAULTS.server.timeouts.requestMs),
            keepAliveMs: z.number().int().min(100).max(600_000).default(DEFAULTS.server.timeouts.keepAliveMs),
          })
          .strict()
          .refine((t) => t.headersMs <= t.requestMs, { message: "headersMs must not exceed requestMs", path: ["headersMs"] })
          .prefault({}),
        /** Whose X-Forwarded-For names the client (the anonymous throttle's and the handshakes' address): proxies, or a hop count. */
        trustedProxies: z
          .union([z.number().int().min(1).max(20), z.array(trustedProxySchema)])
          .default(() => (typeof DEFAULTS.server.trustedProxies === "number" ? DEFAULTS.server.trustedProxies : [...DEFAULTS.server.trustedProxies])),
        /** WebSocket upgrades per client address: a rate (every upgrade), and sockets open before they authenticate. */
        webSocketHandshakes: z
          .object({
            rateLimit: rateLimitSchema.default(DEFAULTS.server.webSocketHandshakes.rateLimit),
            maxPendingPerAddress: z.union([z.literal(false), z.number().int().min(1).max(100_000)]).default(DEFAULTS.server.webSocketHandshakes.maxPendingPerAddress),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    aws: z
      .object({
        /** Endpoints override AWS's (for an emulator or a VPC endpoint). */
        stsEndpoint: z.url().optional(),
        cleanroomsEndpoint: z.url().optional(),
        /** Requested lifetime of assumed-role credentials (AWS allows 900-43200). */
        credentialDurationSeconds: z.number().int().min(900).max(43_200).optional(),
        /** One attempt of an AWS call waits this long for the answer, then fails as a timeout (reads retry it). */
        callTimeoutMs: z.number().int().min(100).max(120_000).default(DEFAULTS.awsCallTimeoutMs),
        retry: z
          .object({
            maxAttempts: z.number().int().min(1).max(10).default(DEFAULTS.retry.maxAttempts),
            baseDelayMs: z.number().int().min(0).max(10_000).default(DEFAULTS.retry.baseDelayMs),
            maxDelayMs: z.number().int().min(0).max(60_000).default(DEFAULTS.retry.maxDelayMs),
          })
          .strict()
          .prefault({}),
        /** Every member account's call budget: rate (calls/s, burst) and calls in flight, below its AWS quota. */
        governor: z
          .object({
            callsPerSecond: governorFields.callsPerSecond.default(DEFAULTS.governor.callsPerSecond),
            burst: governorFields.burst.default(DEFAULTS.governor.burst),
            maxConcurrent: governorFields.maxConcurrent.default(DEFAULTS.governor.maxConcurrent),
            maxWaitMs: governorFields.maxWaitMs.default(DEFAULTS.governor.maxWaitMs),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    accounts: z.array(accountSchema).min(1, "must list at least one account"),
    /** idempotencyKey of startProtectedQuery / startProtectedJob: how long a key is remembered, and where (Redis shares keys across replicas; memory when left out). */
    idempotency: z
      .object({
        ttlSeconds: z.number().int().min(60).max(7 * 24 * 60 * 60).default(DEFAULTS.idempotency.ttlSeconds),
        redisUrl: z.string().regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL").optional(),
      })
      .strict()
      .optional(),
    /** Every mutation's audit event goes to the log; with redisUrl also to a Redis stream the replicas share, capped at maxLen events (exactly: the oldest go first). */
    audit: z
      .object({
        redisUrl: z.string().regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL").optional(),
        stream: z.string().min(1).max(200).default(DEFAULTS.audit.stream),
        maxLen: z.number().int().min(1_000).max(100_000_000).default(DEFAULTS.audit.maxLen),
      })
      .strict()
      .prefault({}),
    /** GET /metrics: with tokenSha256, a scraper's own bearer token (its SHA-256); without, any authenticated principal. */
    metrics: z
      .object({ tokenSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be the SHA-256 of the token, 64 hex digits").optional() })
      .strict()
      .prefault({}),
    /**
     * Subscriptions: how often a watched resource is polled (minIntervalMs right after a change, backing off to
     * maxIntervalMs), and, with redisUrl, events and polling shared by every replica (a lease of leaseTtlMs per resource).
     */
    watch: z
      .object({
        minIntervalMs: z.number().int().min(10).max(60_000).default(DEFAULTS.watch.minIntervalMs),
        maxIntervalMs: z.number().int().min(10).max(600_000).default(DEFAULTS.watch.maxIntervalMs),
        redisUrl: z.string().regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL").optional(),
        leaseTtlMs: z.number().int().min(300).max(300_000).default(DEFAULTS.watch.leaseTtlMs),
        keepAliveMs: z.number().int().min(0).max(600_000).default(DEFAULTS.watch.keepAliveMs),
        maxSubscriptionsPerConnection: z.number().int().min(1).max(10_000).default(DEFAULTS.watch.maxSubscriptionsPerConnection),
        /** Polls per second of all watched resources of one account: with many watched, each one's interval stretches. */
        maxPollsPerSecondPerAccount: z.number().positive().max(1_000).default(DEFAULTS.watch.maxPollsPerSecondPerAccount),
      })
      .strict()
      .refine((w) => w.minIntervalMs <= w.maxIntervalMs, { message: "minIntervalMs must not exceed maxIntervalMs", path: ["minIntervalMs"] })
      .prefault({}),
    /** Who may call: API keys (by SHA-256) and/or JWTs, each with grants on the accounts above. */
    auth: authSchema.prefault({}),
    /** Bounds on every request (depth, cost, aliases, batches, body size, per-principal rate). */
    limits: limitsSchema.prefault({}),
    /** Schema introspection and "Did you mean" suggestions in errors; off unless turned on. */
    introspection: z.boolean().default(false),
    fieldSuggestions: z.boolean().default(false),
    /** GraphiQL for browsers on GET /graphql (off unless turned on; it needs `introspection` for its docs and completion). */
    graphiql: z.boolean().default(false),
  })
  .strict()
  // Runs even when other fields are wrong, on the half-parsed value, so that one start reports every mistake.
  .superRefine((c: unknown, ctx) => {
    const accounts = items(field(c, "accounts"));
    // An unquoted id counts as configured (it is reported once, as unquoted, not again by every grant naming it).
    const ids = accounts.map((a) => accountIdText(field(a, "accountId")));
    checkGrantAccounts(field(c, "auth"), new Set(ids.filter(isWellFormedAccountId)), ctx);
    checkGrantRegions(field(c, "auth"), configuredRegions(accounts, ids), ctx);
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (!isWellFormedAccountId(id)) return;
      if (seen.has(id)) ctx.addIssue({ code: "custom", path: ["accounts", i, "accountId"], message: `account ${id} is listed twice` });
      seen.add(id);
      const roleArn = field(accounts[i], "roleArn");
      const roleAccount = typeof roleArn === "string" && ROLE_ARN.test(roleArn) ? roleArn.split(":")[4] : id;
      if (roleAccount !== id) ctx.addIssue({ code: "custom", path: ["accounts", i, "roleArn"], message: `names account ${roleAccount}, not ${id}` });
    });
  }, EVEN_WITH_OTHER_ISSUES);

/**
 * Each well-formed account's regions as written (`regions`, else `region`), for the grants' check; an account whose
 * regions are not a list of strings is left out (its own problem is reported).
 */
function configuredRegions(accounts: readonly unknown[], ids: readonly (string | undefined)[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  accounts.forEach((a, i) => {
    const id = ids[i];
    if (!isWellFormedAccountId(id) || out.has(id)) return;
    const regions = field(a, "regions");
    const region = field(a, "region");
    const list = Array.isArray(regions) ? regions : typeof region === "string" ? [region] : undefined;
    if (list && list.length > 0 && list.every((r) => typeof r === "string")) out.set(id, list as string[]);
  });
  return out;
}

export type GatewayConfig = z.infer<typeof configSchema>;
export type AccountConfig = z.output<typeof accountSchema>;
