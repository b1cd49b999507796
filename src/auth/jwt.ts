/**
 * JWTs verified with `jose` against a JWKS, fetched from a URL (by
 * RemoteKeySet below: cached, refreshed, resilient to an unreachable JWKS)
 * or read once from a file. Issuer, audience, expiry (required) and the
 * allowed algorithms are checked; the principal is named by a claim (`sub`
 * by default) and its grants come from the configuration's mapping of claim
 * values to grants, so an identity provider never has to know account ids.
 */
import { readFileSync } from "node:fs";
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTPayload,
} from "jose";
import { DEFAULTS } from "../defaults";
import { silentLogger, type Logger } from "../log/logger";
import type { Grant } from "./grants";
import type { Principal } from "./principal";

/** Asymmetric algorithms only: a JWKS holds public keys, and "none" or HMAC have no place here. */
export const JWT_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** Grants for the tokens whose `claim` holds `value` (equal, a member of an array claim, or a word of a `scope`/`scp` string). */
export interface ClaimGrants {
  /** A claim name; a dotted path reaches into objects ("realm_access.roles"). */
  claim: string;
  value: string;
  grants: readonly Grant[];
}

export interface JwtOptions {
  /** Exactly one of the two. */
  jwksUrl?: string;
  jwksFile?: string;
  issuer: string | string[];
  audience: string | string[];
  algorithms?: readonly JwtAlgorithm[];
  clockToleranceSeconds?: number;
  /** The claim that names the principal; "sub" by default. */
  principalClaim?: string;
  claimGrants?: readonly ClaimGrants[];
  /** JWKS URL only: how long one fetch may take, in ms. */
  jwksTimeoutMs?: number;
  /** JWKS URL only: after a fetch (failed, or for an unknown key id), no new fetch for this long, in ms. */
  jwksCooldownMs?: number;
  /** JWKS URL only: the key set is refreshed (in the background) once it is this old, in ms. */
  jwksCacheMaxAgeMs?: number;
  /** JWKS URL only: while the JWKS cannot be fetched, the last good key set is used until it is this old, in ms. */
  jwksMaxStaleMs?: number;
  /** Tests: the clock (ms) and the fetch the key set uses; the log its reachability changes go to. */
  now?: () => number;
  fetch?: typeof fetch;
  logger?: Logger;
}

export type JwtFailure = "invalid" | "expired" | "unavailable";

export class JwtRejected extends Error {
  constructor(
    readonly failure: JwtFailure,
    override readonly cause?: unknown,
  ) {
    super(`token ${failure}`);
  }
}

/** The value at a dotted claim path, or undefined. */
function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function claimHolds(payload: JWTPayload, claim: string, value: string): boolean {
  const v = claimAt(payload, claim);
  if (Array.isArray(v)) return v.some((x) => typeof x === "string" && x === value);
  if (typeof v === "string") {
    const last = claim.split(".").pop();
    return v === value || ((last === "scope" || last === "scp") && v.split(/\s+/).includes(value));
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v) === value;
  return false;
}

/** The grants a verified token's claims earn (pure). */
export function grantsFromClaims(payload: JWTPayload, mappings: readonly ClaimGrants[]): Grant[] {
  return mappings.filter((m) => claimHolds(payload, m.claim, m.value)).flatMap((m) => m.grants);
}

/** jose's errors that mean "this token is not acceptable" (anything else: the keys could not be obtained). */
const INVALID_TOKEN_CODES: ReadonlySet<string> = new Set([
  "ERR_JWT_CLAIM_VALIDATION_FAILED",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JWS_INVALID",
  "ERR_JWT_INVALID",
  "ERR_JOSE_ALG_NOT_ALLOWED",
  "ERR_JOSE_NOT_SUPPORTED",
]);

function classify(e: unknown): JwtRejected {
  if (e instanceof errors.JWTExpired) return new JwtRejected("expired", e);
  if (e instanceof errors.JOSEError && INVALID_TOKEN_CODES.has(e.code)) return new JwtRejected("invalid", e);
  // A short string, not the Error: whoever logs it (`{ err: cause }`) writes one line without a stack.
  const { code, message } = summarize(e);
  return new JwtRejected("unavailable", `${code}: ${message}`);
}

export type JwtVerifier = (token: string) => Promise<Principal>;

/** The keys cannot be obtained; `cause` is a short summary (no stack), fit for a log line. */
export class JwksUnavailable extends Error {
  constructor(readonly summary: { code: string; message: string }) {
    super(`JWKS unavailable: ${summary.message}`);
  }
}

export interface RemoteKeySetOptions {
  timeoutMs: number;
  cooldownMs: number;
  cacheMaxAgeMs: number;
  maxStaleMs: number;
  now: () => number;
  fetch: typeof fetch;
  logger: Logger;
}

type GetKey = ReturnType<typeof createLocalJWKSet>;

function summarize(e: unknown): { code: string; message: string } {
  if (e instanceof JwksUnavailable) return e.summary;
  const err = e as { name?: string; code?: unknown; message?: unknown; cause?: { code?: unknown } } | undefined;
  const code = typeof err?.code === "string" ? err.code : typeof err?.cause?.code === "string" ? err.cause.code : (err?.name ?? "ERR_JWKS_FETCH");
  const message = typeof err?.message === "string" ? err.message : String(e);
  return { code, message: message.slice(0, 200) };
}

/**
 * A JWKS fetched from a URL, under our control rather than jose's remote set:
 * - at most one fetch in flight; every verification that needs it waits for it (and no longer than `timeoutMs`);
 * - after a fetch, no other for `cooldownMs` (a flood of unknown key ids costs one fetch per cool-down;
 *   a failing JWKS is asked again once per cool-down, and meanwhile answers come at once);
 * - an aged key set (`cacheMaxAgeMs`) is refreshed in the background: the tokens it verifies never wait;
 * - while the JWKS cannot be fetched, the last good key set serves until it is `maxStaleMs` old;
 * - one short warn line when the JWKS becomes unreachable, one info line when it is back; never a stack.
 */
export class RemoteKeySet {
  private keys?: { get: GetKey; fetchedAt: number };
  private inFlight?: Promise<void>;
  /** When the last fetch ended (-Infinity: never). */
  private lastFetchEnd = -Infinity;
  private lastFailure?: { code: string; message: string };
  private reachable = true;
  /** Fetches started (tests, metrics). */
  fetches = 0;

  constructor(
    private readonly url: URL,
    private readonly o: RemoteKeySetOptions,
  ) {}

  /** For `jwtVerify`. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    let keys = this.usable();
    if (!keys) {
      await this.refresh(); // nothing to verify with: wait (bounded) for the fetch in flight, or one that may start now
      keys = this.usable();
    } else if (this.o.now() - keys.fetchedAt >= this.o.cacheMaxAgeMs) void this.refresh(); // aged: refreshed behind the scenes
    if (!keys) throw new JwksUnavailable(this.lastFailure ?? { code: "ERR_JWKS_STALE", message: "the cached key set is too old" });
    try {
      return await keys.get(header, token);
    } catch (e) {
      if (!(e instanceof errors.JWKSNoMatchingKey)) throw e;
      // An unknown key id: perhaps the keys rotated. One fetch per cool-down, whatever the number of such tokens.
      await this.refresh();
      const now = this.usable();
      if (!now || now === keys) throw e;
      return now.get(header, token);
    }
  };

  private usable() {
    return this.keys && this.o.now() - this.keys.fetchedAt < this.o.maxStaleMs ? this.keys : undefined;
  }

  private mayFetch() {
    return !this.inFlight && this.o.now() - this.lastFetchEnd >= this.o.cooldownMs;
  }

  /** Starts a fetch if one may start, and resolves when the current one (if any) ends; never rejects. */
  private refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.mayFetch()) return Promise.resolve();
    this.fetches++;
    this.inFlight = this.fetchKeys().then(
      (get) => {
        this.keys = { get, fetchedAt: this.o.now() };
        this.lastFailure = undefined;
        if (!this.reachable) this.o.logger.info({ jwks: this.url.origin }, "the JWKS is reachable again");
        this.reachable = true;
      },
      (e: unknown) => {
        this.lastFailure = summarize(e);
        if (this.reachable) {
          this.o.logger.warn(
            // Strings, not an Error nor an object with a message (pino would serialize those as errors).
            { jwks: this.url.origin, code: this.lastFailure.code, err: this.lastFailure.message, retryInMs: this.o.cooldownMs, staleKeys: this.usable() !== undefined },
            "the JWKS is unreachable",
          );
        }
        this.reachable = false;
      },
    ).finally(() => {
      this.lastFetchEnd = this.o.now();
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<GetKey> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new JwksUnavailable({ code: "ERR_JWKS_TIMEOUT", message: `no answer within ${this.o.timeoutMs} ms` })), this.o.timeoutMs);
    try {
      const res = await this.o.fetch(this.url, { signal: abort.signal, redirect: "manual", headers: { accept: "application/json" } });
      if (res.status !== 200) {
        void res.body?.cancel().catch(() => {});
        throw new JwksUnavailable({ code: "ERR_JWKS_HTTP_STATUS", message: `HTTP ${res.status}` });
      }
      let jwks: JSONWebKeySet;
      try {
        jwks = (await res.json()) as JSONWebKeySet;
      } catch (e) {
        if (abort.signal.aborted) throw abort.signal.reason;
        throw new JwksUnavailable({ code: "ERR_JWKS_INVALID", message: "the JWKS is not JSON" });
      }
      try {
        return createLocalJWKSet(jwks);
      } catch (e) {
        throw new JwksUnavailable({ code: "ERR_JWKS_INVALID", message: e instanceof Error ? e.message : "not a JWKS" });
      }
    } catch (e) {
      throw abort.signal.aborted && abort.signal.reason instanceof JwksUnavailable ? abort.signal.reason : e;
    } finally {
      clearTimeout(timer);
    }
  }
}

export function remoteKeySet(url: string, options: Omit<JwtOptions, "issuer" | "audience">, logger?: Logger): RemoteKeySet {
  return new RemoteKeySet(new URL(url), {
    timeoutMs: options.jwksTimeoutMs ?? DEFAULTS.jwt.jwksTimeoutMs,
    cooldownMs: options.jwksCooldownMs ?? DEFAULTS.jwt.jwksCooldownMs,
    cacheMaxAgeMs: options.jwksCacheMaxAgeMs ?? DEFAULTS.jwt.jwksCacheMaxAgeMs,
    maxStaleMs: options.jwksMaxStaleMs ?? DEFAULTS.jwt.jwksMaxStaleMs,
    now: options.now ?? Date.now,
    fetch: options.fetch ?? fetch,
    logger: options.logger ?? logger ?? silentLogger,
  });
}

export function createJwtVerifier(options: JwtOptions, logger?: Logger): JwtVerifier & { keySet?: RemoteKeySet } {
  if (!options.jwksUrl === !options.jwksFile) throw new Error("jwt: give exactly one of jwksUrl and jwksFile");
  const keySet = options.jwksUrl ? remoteKeySet(options.jwksUrl, options, logger) : undefined;
  const keys = keySet ? keySet.getKey : createLocalJWKSet(JSON.parse(readFileSync(options.jwksFile!, "utf8")) as JSONWebKeySet);
  const principalClaim = options.principalClaim ?? DEFAULTS.jwt.principalClaim;
  const mappings = options.claimGrants ?? [];
  const verify: JwtVerifier = async (token) => {
    try {
      decodeProtectedHeader(token); // a token that is not even a JWS is the caller's fault, whatever the keys do
    } catch (e) {
      throw new JwtRejected("invalid", e);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...(options.algorithms ?? JWT_ALGORITHMS)],
        clockTolerance: options.clockToleranceSeconds ?? DEFAULTS.jwt.clockToleranceSeconds,
        requiredClaims: ["exp"],
      }));
    } catch (e) {
      throw classify(e);
    }
    const name = claimAt(payload, principalClaim);
    if (typeof name !== "string" || name === "") throw new JwtRejected("invalid");
    return { id: `jwt:${name}`, grants: grantsFromClaims(payload, mappings) };
  };
  return Object.assign(verify, { keySet });
}
