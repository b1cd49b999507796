/**
 * Test support for subscriptions: a gateway (real HTTP and graphql-ws on
 * one port) over the emulator with the watch's intervals in tens of
 * milliseconds, graphql-ws clients (the `graphql-ws` client on `ws`), and
 * subscriptions whose events a test awaits one by one. Status changes are
 * driven by the emulator's manual clock (`g.t.advance`), never by sleeping;
 * every message a client receives is checked for leaks like HTTP responses.
 */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { TestEmulator } from "../support/emulator";
import { LEAK_PATTERNS, OPERATOR_TOKEN, startTestGateway, type TestGateway, type TestGatewayOptions } from "../support/gateway";

export { OPERATOR_TOKEN };

/** Fast polling for tests: 20 ms after a change, never slower than 100 ms. */
export const FAST_WATCH = { minIntervalMs: 20, maxIntervalMs: 100 } as const;

export type SubscriptionGatewayOptions = Pick<TestGatewayOptions, "watch" | "principals" | "jwt" | "limits" | "introspection" | "fieldSuggestions" | "log" | "aws"> & {
  /** An emulator shared with another gateway (its owner closes it). */
  emulator?: TestEmulator;
};

/** A test gateway (see test/support/gateway.ts) with fast watchers, and graphql-ws clients on it. */
export interface SubscriptionGateway extends TestGateway {
  /** ws://…/graphql */
  wsUrl: string;
  /** A graphql-ws client authenticated with `token` (the operator's by default; null: no connectionParams). */
  client(token?: string | null, options?: { lazy?: boolean }): Client;
}

export function checkLeaks(value: unknown): void {
  const text = JSON.stringify(value) ?? "";
  for (const p of LEAK_PATTERNS) if (p.test(text)) throw new Error(`a message leaks ${p}: ${text.slice(0, 500)}`);
}

export async function startSubscriptionGateway(options: SubscriptionGatewayOptions = {}): Promise<SubscriptionGateway> {
  const { emulator, ...rest } = options;
  const g = await startTestGateway({ ...rest, sharedEmulator: emulator, watch: { ...FAST_WATCH, ...options.watch } });
  const wsUrl = g.gateway.url.replace(/^http/, "ws");
  const clients: Client[] = [];
  return {
    ...g,
    wsUrl,
    client(token: string | null = OPERATOR_TOKEN, o: { lazy?: boolean } = {}) {
      const c = wsClient(wsUrl, token, o);
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      await g.close();
    },
  };
}

export function wsClient(url: string, token: string | null, o: { lazy?: boolean } = {}): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token === null ? undefined : { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: o.lazy ?? true,
    // A non-lazy client would print its socket's closing to stderr: the tests read closings from their subscriptions.
    onNonLazyError: () => {},
    // The client never reconnects here: a test sees exactly what the server did.
    shouldRetry: () => false,
  });
}

export interface Result<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** How a subscription ended: completed by the server, an `error` message, or the socket closing. */
export type Ending = { completed: true } | { errors: Result<unknown>["errors"] } | { closed: { code: number; reason: string } };

export interface Subscription<T> {
  /** The next event; rejects when none comes within `ms` (a broken test fails rather than hangs). */
  next(ms?: number): Promise<Result<T>>;
  /** How it ended; rejects when it has not ended within `ms`. */
  ended(ms?: number): Promise<Ending>;
  /** Every event so far. */
  readonly events: Result<T>[];
  /** Whether it has ended. */
  readonly over: boolean;
  unsubscribe(): void;
}

export function subscribe<T = Record<string, unknown>>(client: Client, query: string, variables?: Record<string, unknown>): Subscription<T> {
  const events: Result<T>[] = [];
  let taken = 0;
  let ending: Ending | undefined;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const until = <R>(ready: () => R | undefined, ms: number, what: string): Promise<R> =>
    new Promise((resolve, reject) => {
      const check = () => {
        let r: R | undefined;
        try {
          r = ready();
        } catch (e) {
          clearTimeout(timer);
          waiters.delete(waiter);
          return reject(e);
        }
        if (r === undefined) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(r);
      };
      const waiter = () => check();
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`${what} within ${ms} ms; events so far: ${JSON.stringify(events)}; ending: ${JSON.stringify(ending)}`));
      }, ms);
      waiters.add(waiter);
      check();
    });
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        checkLeaks(value);
        events.push(value as Result<T>);
        wake();
      },
      error: (e: unknown) => {
        checkLeaks(e instanceof Error ? { message: e.message } : e);
        if (Array.isArray(e)) ending = { errors: e as Result<unknown>["errors"] };
        else if (e && typeof e === "object" && "code" in e) ending = { closed: { code: (e as { code: number }).code, reason: String((e as { reason?: unknown }).reason ?? "") } };
        else ending = { closed: { code: -1, reason: String(e) } };
        wake();
      },
      complete: () => {
        ending ??= { completed: true };
        wake();
      },
    },
  );
  return {
    events,
    get over() {
      return ending !== undefined;
    },
    next: (ms = 5_000) =>
      until(
        () => {
          if (taken < events.length) return events[taken++];
          if (ending) throw new Error(`the subscription ended (${JSON.stringify(ending)}) with no further event; events: ${JSON.stringify(events)}`);
          return undefined;
        },
        ms,
        "no event",
      ),
    ended: (ms = 5_000) => until(() => ending, ms, "the subscription did not end"),
    unsubscribe,
  };
}

/** Waits until `probe` returns a value other than undefined (polling every 5 ms), or fails after `ms`. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
