/**
 * JWTs verified with `jose` against a JWKS, fetched from a URL (cached and
 * refreshed by jose, with a cool-down between refetches for unknown key ids)
 * or read once from a file. Issuer, audience, expiry (required) and the
 * allowed algorithms are checked; the principal is named by a claim (`sub`
 * by default) and its grants come from the configuration's mapping of claim
 * values to grants, so an identity provider never has to know account ids.
 */
import { readFileSync } from "node:fs";
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import { DEFAULTS } from "../defaults";
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
  return new JwtRejected("unavailable", e);
}

export type JwtVerifier = (token: string) => Promise<Principal>;

export function createJwtVerifier(options: JwtOptions): JwtVerifier {
  if (!options.jwksUrl === !options.jwksFile) throw new Error("jwt: give exactly one of jwksUrl and jwksFile");
  const keys = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 })
    : createLocalJWKSet(JSON.parse(readFileSync(options.jwksFile!, "utf8")) as JSONWebKeySet);
  const principalClaim = options.principalClaim ?? DEFAULTS.jwt.principalClaim;
  const mappings = options.claimGrants ?? [];
  return async (token) => {
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
}
