/**
 * Host and Origin checks, against DNS rebinding: a page on a name the
 * attacker controls, re-pointed at the gateway's address, is same-origin
 * with the gateway as far as the browser knows, but its requests still name
 * the attacker's host (Host) and origin (Origin).
 *
 * - Host: with allowed hosts configured (`allowedHosts`, host or host:port,
 *   exact, any case), or in demo mode (`loopbackHosts`: 127.0.0.1:PORT,
 *   localhost:PORT and [::1]:PORT once the gateway listens), every request
 *   (every route, WebSocket upgrades too) naming another Host, or none, is
 *   refused with 421 and a short GraphQL error (FORBIDDEN), before anything
 *   else runs. With neither, any Host is answered: production sits behind
 *   load balancers whose names the gateway cannot know.
 * - Origin: while the Host check is on, a request carrying an Origin that
 *   is neither the request's own (http or https on the Host it names) nor
 *   on the CORS allow-list (cors.ts, own origins included) is refused with
 *   403 likewise. Without it, CORS alone keeps other origins from reading.
 *
 * Neither refusal echoes what the request sent.
 */
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { ErrorCode } from "../errors/codes";
import { sendGraphQLError } from "./http-errors";

export interface HostCheckOptions {
  /** Host header values the gateway answers (`host` or `host:port`, exact, any case); any host when none (the default). */
  allowedHosts?: readonly string[];
  /** Also (with no allowedHosts: only) its own loopback hosts on the port it listens on: demo mode. */
  loopbackHosts?: boolean;
}

export interface Refusal {
  status: number;
  message: string;
}

export const HOST_REFUSED: Refusal = Object.freeze({
  status: 421,
  message: "This gateway does not answer for the host this request names (Host header). Use one of the hosts it serves.",
});
export const ORIGIN_REFUSED: Refusal = Object.freeze({
  status: 403,
  message: "Requests from this page's origin are not allowed (Origin header): only the gateway's own origin and the configured CORS origins.",
});

/** The loopback Host values of a server on `port`. */
export function loopbackHosts(port: number | string): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

export interface HostCheck {
  /** Whether any check is on. */
  readonly active: boolean;
  /** Adds the loopback hosts of the port the server got (when `loopbackHosts` is set). */
  listening(port: number): void;
  /** Why `req` is refused, or undefined. */
  refusal(req: IncomingMessage): Refusal | undefined;
  /** The express middleware: refusals as GraphQL errors. */
  middleware: RequestHandler;
}

/** The checks over `options`, with `corsOrigins` (read at each request: own origins join it once the server listens). */
export function createHostCheck(options: HostCheckOptions | undefined, corsOrigins: ReadonlySet<string>): HostCheck {
  const hosts = new Set((options?.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const active = hosts.size > 0 || options?.loopbackHosts === true;

  const refusal = (req: IncomingMessage): Refusal | undefined => {
    if (!active) return undefined;
    const host = req.headers.host?.toLowerCase();
    if (host === undefined || !hosts.has(host)) return HOST_REFUSED;
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}` && !corsOrigins.has(origin)) return ORIGIN_REFUSED;
    return undefined;
  };

  return {
    active,
    listening(port) {
      if (options?.loopbackHosts) for (const h of loopbackHosts(port)) hosts.add(h);
    },
    refusal,
    middleware: (req, res, next) => {
      const refused = refusal(req);
      if (!refused) return next();
      sendGraphQLError(res, refused.status, refused.message, ErrorCode.FORBIDDEN);
    },
  };
}
