/**
 * Topics and messages between the gateway's replicas. A watch subscribes to
 * its resource's topic; a poller or a mutation publishes each new state to
 * it. In one process the memory implementation is enough (it also lets tests
 * run several registries as "replicas" in one process); with Redis
 * configured, redis-pubsub.ts carries the same messages between processes.
 */

export type Listener = (message: string) => void;

export interface PubSubStats {
  /** Topics with at least one listener in this process. */
  topics: number;
  /** Listeners over all topics. */
  listeners: number;
}

export interface PubSub {
  /** Delivers `message` to every listener of `topic`, in this process and (Redis) every other. */
  publish(topic: string, message: string): Promise<void>;
  /** Listens to `topic` until the returned function is called. Resolves once messages can arrive. */
  subscribe(topic: string, listener: Listener): Promise<() => Promise<void>>;
  stats(): PubSubStats;
  close(): Promise<void>;
}

/** A topic → listeners map shared by both implementations. */
export class Listeners {
  private readonly byTopic = new Map<string, Set<Listener>>();

  /** Adds the listener; true when the topic had none before (Redis must SUBSCRIBE). */
  add(topic: string, listener: Listener): boolean {
    let set = this.byTopic.get(topic);
    const first = !set;
    if (!set) this.byTopic.set(topic, (set = new Set()));
    set.add(listener);
    return first;
  }

  /** Removes the listener; true when the topic has none left (Redis must UNSUBSCRIBE). */
  remove(topic: string, listener: Listener): boolean {
    const set = this.byTopic.get(topic);
    if (!set || !set.delete(listener)) return false;
    if (set.size > 0) return false;
    this.byTopic.delete(topic);
    return true;
  }

  /** Calls every listener of the topic; one that throws does not keep the message from the others. */
  deliver(topic: string, message: string, onError: (e: unknown) => void): void {
    const set = this.byTopic.get(topic);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(message);
      } catch (e) {
        onError(e);
      }
    }
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  stats(): PubSubStats {
    let listeners = 0;
    for (const set of this.byTopic.values()) listeners += set.size;
    return { topics: this.byTopic.size, listeners };
  }

  clear(): void {
    this.byTopic.clear();
  }
}

/** In-process pub/sub. Messages are delivered on a later microtask, never inside `publish`, as Redis would. */
export class MemoryPubSub implements PubSub {
  private readonly listeners = new Listeners();

  constructor(private readonly onError: (e: unknown) => void = () => {}) {}

  async publish(topic: string, message: string): Promise<void> {
    queueMicrotask(() => this.listeners.deliver(topic, message, this.onError));
  }

  async subscribe(topic: string, listener: Listener): Promise<() => Promise<void>> {
    // A listener added twice must be removable twice: wrap it.
    const own: Listener = (m) => listener(m);
    this.listeners.add(topic, own);
    return async () => void this.listeners.remove(topic, own);
  }

  stats(): PubSubStats {
    return this.listeners.stats();
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
