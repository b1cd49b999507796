/**
 * CORS for web apps served from other origins: an allow-list of exact
 * origins (none by default, so a browser page elsewhere cannot read an
 * answer). An allowed origin's preflight and requests get
 * Access-Control-Allow-Origin with that origin; any other origin gets none
 * (its preflight is still answered, without it, so the browser stops there).
 * No credentials: callers authenticate with a bearer token their code adds,
 * never with cookies.
 */
import cors from "cors";
import type { RequestHandler } from "express";

export interface CorsOptions {
  /** Origins (`scheme://host[:port]`, exactly as a browser sends them) whose pages may call the gateway. */
  origins?: readonly string[];
  /**
   * Also the gateway's own origins once it listens: its URL's, `http://localhost:PORT` and `http://127.0.0.1:PORT`
   * (demo mode, whatever port it got).
   */
  ownOrigins?: boolean;
}

/** What a client's code may send: the token, JSON, and Apollo's CSRF-prevention headers (guard.ts). */
export const CORS_ALLOWED_HEADERS: readonly string[] = Object.freeze(["Authorization", "Content-Type", "apollo-require-preflight", "x-apollo-operation-name"]);
export const CORS_METHODS: readonly string[] = Object.freeze(["GET", "POST", "OPTIONS"]);
/** What a page may read besides the CORS-safelisted headers: when to retry (429, 503) and why a token was refused (401). */
export const CORS_EXPOSED_HEADERS: readonly string[] = Object.freeze(["Retry-After", "WWW-Authenticate"]);
/** How long a browser may reuse a preflight (browsers cap it: Chromium at 2 h). */
export const CORS_MAX_AGE_SECONDS = 600;

/** The gateway's own origins for a server at `url` (http://host:port/...). */
export function ownOrigins(url: string): string[] {
  const { origin, port } = new URL(url);
  return [origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** The CORS middleware over `allowed`, read at each request (own origins join it once the server listens). */
export function corsHandler(allowed: ReadonlySet<string>): RequestHandler {
  return cors({
    // An allowed origin is reflected; any other gets the list form, which sets no Allow-Origin but still answers a
    // preflight and adds Vary: Origin, as the allowed answer does (a cache keeps the two apart).
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : []),
    methods: [...CORS_METHODS],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: CORS_MAX_AGE_SECONDS,
    credentials: false,
  });
}
