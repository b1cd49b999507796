/**
 * The door of the WebSocket endpoint, per client address (client-address.ts):
 * every upgrade takes a token from its address's bucket, and an address may
 * hold at most `maxPendingPerAddress` sockets that have not authenticated
 * yet (an upgrade costs nothing to send and holds a socket until
 * connection_init, or its 3 s wait, ends). Over either, the upgrade is
 * answered HTTP 429 with Retry-After, before any socket exists. A socket
 * stops being pending once it authenticates, or closes.
 */
import { DEFAULTS } from "../../defaults";
import type { RateLimit } from "./limits";
import { TokenBuckets } from "./token-bucket";

export interface HandshakeLimits {
  /** Upgrades per client address; false: not limited. */
  rateLimit: RateLimit | false;
  /** Open sockets per client address that have not authenticated; false: no cap. */
  maxPendingPerAddress: number | false;
}

export class Handshakes {
  private readonly buckets?: TokenBuckets;
  private readonly pendingByAddress = new Map<string, number>();
  /** Each pending socket's address. */
  private readonly pending = new Map<object, string>();

  constructor(
    private readonly limits: HandshakeLimits = DEFAULTS.server.webSocketHandshakes,
    /** Seconds a pending socket may last (graphql-ws's wait for connection_init): the Retry-After of the cap. */
    private readonly pendingSeconds = 3,
    now?: () => number,
  ) {
    if (limits.rateLimit) this.buckets = new TokenBuckets(limits.rateLimit, now);
  }

  /** An upgrade from `address`: 0 when admitted (it took a token), else the seconds to wait. */
  admit(address: string): number {
    const cap = this.limits.maxPendingPerAddress;
    if (cap !== false && (this.pendingByAddress.get(address) ?? 0) >= cap) return this.pendingSeconds;
    return this.buckets?.take(address) ?? 0;
  }

  /** An admitted upgrade's socket is open (pending until it authenticates or closes). */
  opened(socket: object, address: string): void {
    this.pending.set(socket, address);
    this.pendingByAddress.set(address, (this.pendingByAddress.get(address) ?? 0) + 1);
  }

  /** The socket authenticated or closed: it no longer counts (a second call does nothing). */
  settled(socket: object): void {
    const address = this.pending.get(socket);
    if (address === undefined) return;
    this.pending.delete(socket);
    const left = (this.pendingByAddress.get(address) ?? 1) - 1;
    if (left > 0) this.pendingByAddress.set(address, left);
    else this.pendingByAddress.delete(address);
  }

  /** Sockets open and not yet authenticated, from `address`. */
  pendingFrom(address: string): number {
    return this.pendingByAddress.get(address) ?? 0;
  }
}
