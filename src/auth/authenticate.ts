/**
 * One bearer token → one principal, the same for every transport (HTTP
 * `Authorization` now, graphql-ws `connection_init` later). API keys are
 * tried first (a hash lookup); a token shaped like a JWT goes to the JWT
 * verifier when one is configured.
 */
import { ApiKeys, type ApiKeyEntry } from "./api-keys";
import { createJwtVerifier, JwtRejected, type JwtFailure, type JwtOptions, type JwtVerifier } from "./jwt";
import type { Principal } from "./principal";
import type { Logger } from "../log/logger";

export interface AuthOptions {
  apiKeys?: readonly ApiKeyEntry[];
  jwt?: JwtOptions;
}

export type AuthFailure = "missing" | "malformed" | JwtFailure;

export type AuthResult = { principal: Principal } | { failure: AuthFailure; cause?: unknown };

/** Longer tokens are refused unread (real keys and JWTs are far shorter). */
export const MAX_TOKEN_LENGTH = 8192;
/** RFC 6750 b64token. */
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The token of an `Authorization: Bearer <token>` value (the scheme is case-insensitive). */
export function bearerToken(header: string | undefined): { token: string } | { failure: "missing" | "malformed" } {
  if (header === undefined || header.trim() === "") return { failure: "missing" };
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  if (!m || m[1].length > MAX_TOKEN_LENGTH || !TOKEN.test(m[1])) return { failure: "malformed" };
  return { token: m[1] };
}

export class Authenticator {
  private readonly apiKeys: ApiKeys;
  private readonly jwt?: JwtVerifier;

  /** `logger` hears when a JWKS becomes unreachable and when it is back (one line each, not one per request). */
  constructor(options: AuthOptions, logger?: Logger) {
    this.apiKeys = new ApiKeys(options.apiKeys ?? []);
    this.jwt = options.jwt ? createJwtVerifier(options.jwt, logger) : undefined;
    if (this.apiKeys.size === 0 && !this.jwt) throw new Error("auth: configure API keys or JWT verification; no caller could authenticate");
  }

  /** From an Authorization header value. */
  async authenticate(header: string | undefined): Promise<AuthResult> {
    const bearer = bearerToken(header);
    return "failure" in bearer ? bearer : this.verify(bearer.token);
  }

  /** From a bare token. */
  async verify(token: string): Promise<AuthResult> {
    const byKey = this.apiKeys.find(token);
    if (byKey) return { principal: byKey };
    if (!this.jwt || !JWT_SHAPE.test(token)) return { failure: "invalid" };
    try {
      return { principal: await this.jwt(token) };
    } catch (e) {
      if (e instanceof JwtRejected) return { failure: e.failure, cause: e.cause };
      return { failure: "unavailable", cause: e };
    }
  }
}
