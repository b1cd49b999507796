/**
 * Pub/sub through Redis, so that every replica's subscribers hear what any
 * replica's poller or mutation published. One subscriber connection per
 * process carries every topic: a topic is SUBSCRIBEd when its first local
 * listener arrives and UNSUBSCRIBEd when its last leaves, and ioredis
 * subscribes again by itself after a reconnect. Messages go out on the
 * command connection (a subscribed connection can do nothing else).
 */
import type { Redis } from "ioredis";
import { Listeners, type Listener, type PubSub, type PubSubStats } from "./pubsub";

export interface RedisPubSubOptions {
  /** Publishes (a normal connection; may be shared with the leases). */
  publisher: Redis;
  /** Subscribes (dedicated: a connection in subscriber mode runs no other command). */
  subscriber: Redis;
  /** Channel names are the topics under this prefix. */
  channelPrefix?: string;
  /** How long `subscribe` waits for Redis to confirm before going on without it (events from this process still flow). */
  subscribeTimeoutMs?: number;
  onError?: (e: unknown) => void;
}

export const DEFAULT_CHANNEL_PREFIX = "cleanrooms-graph:watch:";

export class RedisPubSub implements PubSub {
  private readonly listeners = new Listeners();
  private readonly prefix: string;
  private readonly onError: (e: unknown) => void;
  private readonly onMessage = (channel: string, message: string) => {
    if (channel.startsWith(this.prefix)) this.listeners.deliver(channel.slice(this.prefix.length), message, this.onError);
  };

  constructor(private readonly options: RedisPubSubOptions) {
    this.prefix = options.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
    this.onError = options.onError ?? (() => {});
    options.subscriber.on("message", this.onMessage);
  }

  async publish(topic: string, message: string): Promise<void> {
    await this.options.publisher.publish(this.prefix + topic, message);
  }

  async subscribe(topic: string, listener: Listener): Promise<() => Promise<void>> {
    const own: Listener = (m) => listener(m);
    if (this.listeners.add(topic, own)) await this.confirm(this.options.subscriber.subscribe(this.prefix + topic));
    return async () => {
      if (this.listeners.remove(topic, own)) {
        await this.options.subscriber.unsubscribe(this.prefix + topic).catch(this.onError);
      }
    };
  }

  stats(): PubSubStats {
    return this.listeners.stats();
  }

  async close(): Promise<void> {
    this.options.subscriber.off("message", this.onMessage);
    this.listeners.clear();
  }

  /** Waits for Redis to confirm a SUBSCRIBE, but not forever: Redis being away must not hold subscribers up. */
  private async confirm(work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.subscribeTimeoutMs ?? 2_000)));
    try {
      await Promise.race([work.then(() => undefined, this.onError), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
