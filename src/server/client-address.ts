/**
 * Who the client is, for the per-address throttles: the TCP peer, or, when the
 * peer is a trusted proxy (`server.trustedProxies`), the address the proxies
 * name in X-Forwarded-For, by express's own rule (`trust proxy`, proxy-addr:
 * the nearest address that is not a trusted proxy). None is trusted by
 * default, so a forged X-Forwarded-For is never believed. HTTP requests read
 * it as express's `req.ip`; WebSocket upgrades, which never reach express,
 * through the same getter, so both transports apply one rule.
 */
import type { IncomingMessage } from "node:http";
import type { Express } from "express";

/** Proxies (addresses, CIDR ranges, loopback/linklocal/uniquelocal), or the number of proxy hops in front. */
export type TrustedProxies = readonly string[] | number;

/** express's `trust proxy` setting for `trusted` (false: the peer is the client). */
export function trustProxySetting(trusted: TrustedProxies | undefined): string[] | number | false {
  if (typeof trusted === "number") return trusted;
  return trusted && trusted.length > 0 ? [...trusted] : false;
}

export type ClientAddress = (req: IncomingMessage) => string;

/** The client address of the peer itself (no proxy trusted). */
export const peerAddress: ClientAddress = (req) => req.socket.remoteAddress ?? "unknown";

/** The client address of any request to `app` (an upgrade too), as express's `req.ip` would give it. */
export function clientAddress(app: Express): ClientAddress {
  // express's `ip` getter, read for a request that did not pass through express: it needs only app, headers and socket.
  return (req) => (Reflect.get(app.request, "ip", { app, headers: req.headers, socket: req.socket }) as string | undefined) ?? peerAddress(req);
}
