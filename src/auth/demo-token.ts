/**
 * Demo mode's single credential: the value of CLEANROOMS_GRAPH_DEV_TOKEN
 * when set (so a bookmarked tool keeps working across restarts), else a
 * random token made at each start and printed. It grants everything on the
 * demo's accounts; demo mode listens on 127.0.0.1 only.
 */
import { randomBytes } from "node:crypto";
import { hashApiKey } from "./api-keys";
import type { AuthOptions } from "./authenticate";
import { bearerToken } from "./authenticate";
import { FULL_ACCESS } from "./grants";

export const DEV_TOKEN_ENV = "CLEANROOMS_GRAPH_DEV_TOKEN";
export const DEMO_PRINCIPAL = "demo";
const MIN_DEV_TOKEN_LENGTH = 16;

export interface DemoToken {
  token: string;
  /** Whether it came from CLEANROOMS_GRAPH_DEV_TOKEN (then it is not printed). */
  fromEnv: boolean;
}

export class DemoTokenError extends Error {}

export function demoToken(env: NodeJS.ProcessEnv, random: () => Buffer = () => randomBytes(32)): DemoToken {
  const given = env[DEV_TOKEN_ENV];
  if (given === undefined || given === "") return { token: random().toString("base64url"), fromEnv: false };
  if (given.length < MIN_DEV_TOKEN_LENGTH) throw new DemoTokenError(`${DEV_TOKEN_ENV} must be at least ${MIN_DEV_TOKEN_LENGTH} characters`);
  if ("failure" in bearerToken(`Bearer ${given}`)) {
    throw new DemoTokenError(`${DEV_TOKEN_ENV} may contain only letters, digits and - . _ ~ + / (a bearer token)`);
  }
  return { token: given, fromEnv: true };
}

/** The authentication options that accept exactly the demo token. */
export function demoAuth(token: string): AuthOptions {
  return { apiKeys: [{ sha256: hashApiKey(token), principal: DEMO_PRINCIPAL, grants: FULL_ACCESS }] };
}

/** What demo mode prints about its token: the token itself when it was made here, never the value of the environment variable. */
export function demoTokenBanner(token: DemoToken, url: string): string[] {
  if (token.fromEnv) return [`  demo token: the value of ${DEV_TOKEN_ENV} (send Authorization: Bearer <it>)`];
  return [
    `  demo token (new at every start; set ${DEV_TOKEN_ENV} to keep one): ${token.token}`,
    `  try: curl -s ${url} -H 'authorization: Bearer ${token.token}' -H 'content-type: application/json' -d '{"query":"{ accounts { accountId alias } }"}'`,
  ];
}
