/**
 * The configuration's `auth`, `limits`, `introspection` and
 * `fieldSuggestions` sections (documented in README, "Configuration").
 */
import { z } from "zod";
import { ACTIONS, ANY_ACCOUNT } from "../auth/grants";
import { JWT_ALGORITHMS } from "../auth/jwt";
import { DEFAULTS } from "../defaults";
import { accountIdText, accountRefSchema, EVEN_WITH_OTHER_ISSUES, field, isWellFormedAccountId, items } from "./account-ids";

const accountRef = accountRefSchema(ANY_ACCOUNT);

export const grantSchema = z
  .object({
    accounts: z.array(accountRef).min(1, 'must name at least one account (or "*")'),
    actions: z.array(z.enum(ACTIONS)).min(1, `must list at least one of ${ACTIONS.join(", ")}`),
    /** The regions the grant covers (Clean Rooms is regional); every region of its accounts when left out. */
    regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1")).min(1, "must name at least one region (or leave regions out: every region)").optional(),
  })
  .strict();

const apiKeySchema = z
  .object({
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be the hex SHA-256 of the key (never the key itself)"),
    principal: z.string().regex(/^[\w.@+-]{1,128}$/, "must be 1-128 characters of [A-Za-z0-9_.@+-]"),
    grants: z.array(grantSchema),
  })
  .strict();

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const oneOrMore = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const jwtSchema = z
  .object({
    jwksUrl: z
      .url()
      .refine((u) => {
        const url = new URL(u);
        return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
      }, "must be an https URL (http only on localhost)")
      .optional(),
    jwksFile: z.string().min(1).optional(),
    issuer: oneOrMore,
    audience: oneOrMore,
    algorithms: z.array(z.enum(JWT_ALGORITHMS)).min(1).optional(),
    clockToleranceSeconds: z.number().int().min(0).max(300).default(DEFAULTS.jwt.clockToleranceSeconds),
    principalClaim: z.string().min(1).default(DEFAULTS.jwt.principalClaim),
    jwksTimeoutMs: z.number().int().min(100).max(30_000).default(DEFAULTS.jwt.jwksTimeoutMs),
    jwksCooldownMs: z.number().int().min(1_000).max(3_600_000).default(DEFAULTS.jwt.jwksCooldownMs),
    jwksCacheMaxAgeMs: z.number().int().min(10_000).max(86_400_000).default(DEFAULTS.jwt.jwksCacheMaxAgeMs),
    jwksMaxStaleMs: z.number().int().min(0).max(7 * 86_400_000).default(DEFAULTS.jwt.jwksMaxStaleMs),
    claimGrants: z
      .array(z.object({ claim: z.string().min(1), value: z.string().min(1), grants: z.array(grantSchema).min(1) }).strict())
      .default([]),
  })
  .strict()
  .refine((j) => !j.jwksUrl !== !j.jwksFile, { message: "give exactly one of jwksUrl and jwksFile" });

export const authSchema = z
  .object({
    apiKeys: z.array(apiKeySchema).default([]),
    jwt: jwtSchema.optional(),
  })
  .strict()
  .superRefine((a: unknown, ctx) => {
    // `a` may be half-parsed (see account-ids.ts): read it without trusting its shape.
    const apiKeys = items(field(a, "apiKeys"));
    if (apiKeys.length === 0 && !field(a, "jwt")) ctx.addIssue({ code: "custom", message: "configure apiKeys or jwt: no caller could authenticate" });
    const seen = new Set<string>();
    apiKeys.forEach((k, i) => {
      const h = field(k, "sha256");
      if (typeof h !== "string") return;
      if (seen.has(h.toLowerCase())) ctx.addIssue({ code: "custom", path: ["apiKeys", i, "sha256"], message: "is listed twice" });
      seen.add(h.toLowerCase());
    });
  }, EVEN_WITH_OTHER_ISSUES);

const positive = (max: number) => z.number().int().min(1).max(max);

/** A token bucket (`burst`, refilling at `perSecond`), or `false`: off. */
export const rateLimitSchema = z.union([
  z.literal(false),
  z.object({ burst: positive(1_000_000), perSecond: z.number().positive().max(1_000_000) }).strict(),
]);

export const limitsSchema = z
  .object({
    maxDepth: positive(100).default(DEFAULTS.limits.maxDepth),
    maxCost: positive(1e12).default(DEFAULTS.limits.maxCost),
    maxAliases: z.number().int().min(0).max(10_000).default(DEFAULTS.limits.maxAliases),
    maxRepeatedField: positive(1_000).default(DEFAULTS.limits.maxRepeatedField),
    maxTokens: z.number().int().min(100).max(1_000_000).default(DEFAULTS.limits.maxTokens),
    maxBatchedOperations: positive(100).default(DEFAULTS.limits.maxBatchedOperations),
    maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(DEFAULTS.limits.maxBodyBytes),
    maxInputDepth: positive(1_000).default(DEFAULTS.limits.maxInputDepth),
    maxVariableValues: positive(10_000_000).default(DEFAULTS.limits.maxVariableValues),
    rateLimit: rateLimitSchema.default(DEFAULTS.limits.rateLimit as { burst: number; perSecond: number }),
    maxAwsCallsPerOperation: z.union([z.literal(false), positive(1_000_000)]).default(DEFAULTS.limits.maxAwsCallsPerOperation),
    awsCallRate: rateLimitSchema.default(DEFAULTS.limits.awsCallRate),
    maxConnectionsPerPrincipal: z.union([z.literal(false), positive(100_000)]).default(DEFAULTS.limits.maxConnectionsPerPrincipal),
    anonymousRateLimit: rateLimitSchema.default(DEFAULTS.limits.anonymousRateLimit),
  })
  .strict();

/**
 * Grants must name configured accounts: a typo would otherwise grant nothing,
 * silently. `auth` may be half-parsed; only well-formed ids are judged (the
 * schema reports the others).
 */
export function checkGrantAccounts(auth: unknown, accountIds: ReadonlySet<string>, ctx: z.RefinementCtx): void {
  const check = (grants: unknown, path: (string | number)[]) =>
    items(grants).forEach((g, gi) =>
      items(field(g, "accounts")).forEach((raw, ai) => {
        const a = accountIdText(raw);
        if (isWellFormedAccountId(a) && !accountIds.has(a)) {
          ctx.addIssue({ code: "custom", path: [...path, gi, "accounts", ai], message: `account ${a} is not in accounts` });
        }
      }),
    );
  items(field(auth, "apiKeys")).forEach((k, i) => check(field(k, "grants"), ["auth", "apiKeys", i, "grants"]));
  items(field(field(auth, "jwt"), "claimGrants")).forEach((m, i) => check(field(m, "grants"), ["auth", "jwt", "claimGrants", i, "grants"]));
}

/**
 * A grant that names accounts (not "*") and limits itself to regions may only name regions those accounts are in: a
 * region none of them lists would grant nothing there, silently (a typo, or an account whose `regions` forgot one).
 * Each such region is refused once per account that lacks it, naming the account's regions. `auth` and the regions
 * may be half-parsed: only well-formed ids of configured accounts are judged (the rest is reported elsewhere).
 */
export function checkGrantRegions(auth: unknown, regionsOf: ReadonlyMap<string, readonly string[]>, ctx: z.RefinementCtx): void {
  const check = (grants: unknown, path: (string | number)[]) =>
    items(grants).forEach((g, gi) => {
      const named = items(field(g, "accounts")).map(accountIdText).filter((a): a is string => isWellFormedAccountId(a) && regionsOf.has(a));
      items(field(g, "regions")).forEach((region, ri) => {
        if (typeof region !== "string") return;
        for (const a of named) {
          const regions = regionsOf.get(a)!;
          if (regions.includes(region)) continue;
          ctx.addIssue({
            code: "custom",
            path: [...path, gi, "regions", ri],
            message: `region ${region} is not a region of account ${a} (its regions: ${regions.join(", ")}); a grant's regions must be regions of the accounts it names`,
          });
        }
      });
    });
  items(field(auth, "apiKeys")).forEach((k, i) => check(field(k, "grants"), ["auth", "apiKeys", i, "grants"]));
  items(field(field(auth, "jwt"), "claimGrants")).forEach((m, i) => check(field(m, "grants"), ["auth", "jwt", "claimGrants", i, "grants"]));
}
