/**
 * The watch registry: one watch per watched resource in this process,
 * however many subscribers it has, and at most one poller per resource
 * across every replica.
 *
 * A watch starts with its first subscriber: it listens to the resource's
 * topic, reads the resource once (the first event), and claims the
 * resource's lease; the replica holding the lease polls. Each new state —
 * from this replica's poll, a mutation made here, or a message from another
 * replica — is delivered to the local subscribers and, when it was learnt
 * here, published to the other replicas. A state counts only when its
 * `progress` is higher than the last one (statuses only move forward), so a
 * state learnt twice (a mutation's result, then the next poll) or out of
 * order (a slow poll answering after a mutation) is not delivered again.
 *
 * The poller reads at the minimum interval after a change and backs off
 * (interval.ts) while nothing changes, faster when AWS throttles. A single
 * resource's watch completes its subscribers after a terminal state and
 * stops polling. The pollers of one account in one region share a budget
 * (`maxPollsPerSecondPerAccount`; AWS's quotas are per account and
 * region): with N of its resources polled here (a
 * resource whose poll makes k calls counts k times), each one waits at least
 * N / budget seconds, so intervals stretch instead of the
 * account's calls growing; a read that makes more calls than its weight (a
 * first read's sweep) delays its watch's next poll by 1 / budget seconds per
 * extra call. A collection forgets the terminal items its lists will not
 * return again (`forget`), so that its memory stays bounded.
 * When the last subscriber leaves, the watch stops: timers
 * cleared, topic left, lease released (and the other replicas told, so one
 * that still has subscribers takes over at once).
 */
import { isThrottlingError } from "../aws/retry";
import type { Logger } from "../log/logger";
import { checkBounds, nextInterval, stretchedInterval, withJitter, type IntervalBounds, type PollOutcome } from "./interval";
import type { LeaseStore } from "./lease";
import type { PubSub, PubSubStats } from "./pubsub";
import { EventStream } from "./stream";
import { Timers } from "./timers";

/** How states of one kind of resource compare, end and travel. */
export interface WatchKind<S> {
  /** One resource (its subscribers complete after a terminal state), or a collection (never completes). */
  single: boolean;
  idOf(state: S): string;
  /** Higher is later; a state is news only when its progress is higher than the last one's. */
  progress(state: S): number;
  terminal(state: S): boolean;
  /** The order of a collection's first events. */
  order?(a: S, b: S): number;
  /** A collection's items that no read will return again (terminal and out of its lists): forgotten, so that a long history costs no memory. */
  forget?(items: Iterable<WatchItem<S>>): string[];
  encode(state: S): string;
  decode(text: string): S;
}

/** A resource to watch: its kind, its key (topic and lease), how to read it, and the route its reads take. */
export interface WatchSpec<S, R = unknown> extends WatchKind<S> {
  key: string;
  route: R;
  /**
   * The resource now: one state for a single resource; for a collection, the states it needs to see (`known` says
   * what it has). A read that makes more calls than `weight` (a first read's sweep, a page more) says how many in
   * `tally.calls`: the excess postpones the watch's next poll, so that the account's calls stay within its budget.
   */
  read(known: ReadonlyMap<string, WatchItem<S>>, tally: ReadTally): Promise<S[]>;
  /** AWS calls one poll makes (1 when left out): what it counts for in its account's polling budget. */
  weight?: number;
}

/** The AWS calls one read made: `weight` unless the read says otherwise. */
export interface ReadTally {
  calls: number;
}

export interface WatchItem<S> {
  id: string;
  progress: number;
  state: S;
}

export interface RegistryOptions {
  /** This process, in messages and leases. */
  replicaId: string;
  pubsub: PubSub;
  /** Which replica polls; without leases this process polls everything it watches (one gateway). */
  leases?: LeaseStore;
  /** The longest a resource goes unpolled after its poller's replica dies. */
  leaseTtlMs: number;
  bounds: IntervalBounds;
  isThrottled?: (e: unknown) => boolean;
  /** Polls per second of all the resources of one account polled here; no budget when left out. */
  maxPollsPerSecondPerAccount?: number;
  /** Whose budget a watch's reads count against; `route.accountId`, with `/${route.region}` when the route names one, by default. */
  accountOf?: (route: unknown) => string | undefined;
  random?: () => number;
  logger?: Logger;
}

export interface WatchStats {
  replicaId: string;
  /** Resources watched in this process. */
  watches: number;
  subscribers: number;
  /** Subscribers waiting for a watch's first read. */
  waiting: number;
  /** Watches this process polls (holding the lease, or without leases). */
  pollers: number;
  /** Reads in flight. */
  reading: number;
  /** Pending timers (poll and lease). */
  timers: number;
  /** Polls made since start, and first reads of new watches. */
  polls: number;
  firstReads: number;
  /** States sent to / received from other replicas. */
  published: number;
  received: number;
  pubsub: PubSubStats;
}

export interface WatchDescription {
  key: string;
  subscribers: number;
  polling: boolean;
  intervalMs: number;
  /** The wait last scheduled: intervalMs, stretched by the account's budget, plus jitter. */
  scheduledMs: number;
  polls: number;
  items: number;
}

interface Subscriber<S> {
  push(state: S): void;
  end(): void;
}

type Message = { o: string; t: "state"; s: string } | { o: string; t: "released" };

class Watched<S> {
  readonly items = new Map<string, WatchItem<S>>();
  readonly subscribers = new Set<Subscriber<S>>();
  waiting = 0;
  ready!: Promise<void>;
  unlisten?: () => Promise<void>;
  /** This replica polls it (lease held). */
  polling = false;
  /** A single resource reached a terminal state: nothing more to poll. */
  finished = false;
  stopped = false;
  claiming = false;
  reading = false;
  intervalMs: number;
  pollTimer?: NodeJS.Timeout;
  pollDueAt = 0;
  scheduledMs = 0;
  leaseTimer?: NodeJS.Timeout;
  polls = 0;
  /** Calls its reads made beyond `weight`, not yet paid for by a longer wait; and whether the wait scheduled pays for some. */
  owedCalls = 0;
  repaying = false;
  /** Its share of the account's budget: the calls each poll makes. */
  readonly weight: number;

  constructor(
    readonly spec: WatchSpec<S>,
    minMs: number,
    /** Whose budget its polls count against. */
    readonly account: string,
  ) {
    this.intervalMs = minMs;
    this.weight = spec.weight !== undefined && spec.weight > 0 ? spec.weight : 1;
  }
}

export class WatchRegistry {
  private readonly watches = new Map<string, Watched<unknown>>();
  private readonly timers = new Timers();
  private readonly background = new Set<Promise<unknown>>();
  private readonly bounds: IntervalBounds;
  private readonly isThrottled: (e: unknown) => boolean;
  private readonly random: () => number;
  /** Watches polled here, by account (the polling budget's N). */
  private readonly pollersByAccount = new Map<string, number>();
  private readonly counters = { polls: 0, firstReads: 0, published: 0, received: 0 };
  private closed = false;
  /** When each kind of Redis trouble was last logged: once a minute is enough while Redis is away. */
  private readonly warned = new Map<string, number>();

  constructor(private readonly options: RegistryOptions) {
    this.bounds = checkBounds(options.bounds);
    if (options.leases && !(options.leaseTtlMs > 0)) throw new Error(`watch: leaseTtlMs must be positive, got ${options.leaseTtlMs}`);
    this.isThrottled = options.isThrottled ?? isThrottlingError;
    this.random = options.random ?? Math.random;
    const budget = options.maxPollsPerSecondPerAccount;
    if (budget !== undefined && !(budget > 0)) throw new Error(`watch: maxPollsPerSecondPerAccount must be positive, got ${budget}`);
  }

  get replicaId(): string {
    return this.options.replicaId;
  }

  /**
   * A subscriber of the resource: its first events are the current state
   * (a collection: its open items), then one per change. Rejects when the
   * first read fails. `map` turns a state into what the stream yields.
   */
  async subscribe<S, E>(spec: WatchSpec<S>, map: (state: S) => E): Promise<EventStream<E>> {
    if (this.closed) throw new Error("the watch registry is closed");
    const w = (this.watches.get(spec.key) as Watched<S> | undefined) ?? this.open(spec);
    w.waiting++;
    try {
      await w.ready;
    } finally {
      w.waiting--;
    }
    if (w.stopped) {
      this.maybeStop(w);
      throw new Error("the watch registry is closed");
    }
    const stream = new EventStream<E>(() => {
      w.subscribers.delete(subscriber);
      this.maybeStop(w);
    });
    const subscriber: Subscriber<S> = { push: (s) => stream.push(map(s)), end: () => stream.end() };
    w.subscribers.add(subscriber);
    for (const item of this.initial(w)) subscriber.push(item.state);
    if (w.finished) subscriber.end();
    return stream;
  }

  /**
   * A state learnt outside the pollers (a mutation's result): delivered at
   * once to this process's subscribers and published to the other replicas,
   * whether or not this process watches the resource.
   */
  publish<S>(key: string, kind: WatchKind<S>, state: S): void {
    if (this.closed) return;
    const w = this.watches.get(key) as Watched<S> | undefined;
    if (w && !w.stopped) {
      this.apply(w, state, "here");
      return;
    }
    this.send(key, { o: this.replicaId, t: "state", s: kind.encode(state) });
  }

  /** The route the resource's watch reads through, while it is watched here. */
  routeOf<R>(key: string): R | undefined {
    const w = this.watches.get(key);
    return w && !w.stopped ? (w.spec.route as R) : undefined;
  }

  describe(key: string): WatchDescription | undefined {
    const w = this.watches.get(key);
    if (!w) return undefined;
    return {
      key,
      subscribers: w.subscribers.size,
      polling: w.polling,
      intervalMs: w.intervalMs,
      scheduledMs: w.scheduledMs,
      polls: w.polls,
      items: w.items.size,
    };
  }

  stats(): WatchStats {
    let subscribers = 0;
    let waiting = 0;
    let pollers = 0;
    let reading = 0;
    for (const w of this.watches.values()) {
      subscribers += w.subscribers.size;
      waiting += w.waiting;
      if (w.polling) pollers++;
      if (w.reading) reading++;
    }
    return {
      replicaId: this.replicaId,
      watches: this.watches.size,
      subscribers,
      waiting,
      pollers,
      reading,
      timers: this.timers.size,
      ...this.counters,
      pubsub: this.options.pubsub.stats(),
    };
  }

  /** Stops every watch (its subscribers complete) and waits for leases to be released. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of [...this.watches.values()]) {
      for (const s of [...w.subscribers]) s.end();
      this.stop(w);
    }
    this.timers.clearAll();
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  // ---- a watch's life --------------------------------------------------------

  private open<S>(spec: WatchSpec<S>): Watched<S> {
    const w = new Watched<S>(spec, this.bounds.minMs, this.accountOf(spec.route));
    this.watches.set(spec.key, w as Watched<unknown>);
    w.ready = (async () => {
      const unlisten = await this.options.pubsub.subscribe(spec.key, (m) => this.onMessage(w, m));
      w.unlisten = unlisten;
      if (w.stopped) return void this.track(unlisten());
      const states = await this.read(w);
      this.counters.firstReads++;
      if (!w.stopped) for (const s of states) this.apply(w, s, "here");
    })();
    w.ready.then(
      () => this.claimLease(w),
      () => this.stop(w), // the next subscriber tries afresh
    );
    return w;
  }

  private initial<S>(w: Watched<S>): WatchItem<S>[] {
    const items = [...w.items.values()];
    if (w.spec.single) return items;
    const open = items.filter((i) => !w.spec.terminal(i.state));
    return w.spec.order ? open.sort((a, b) => w.spec.order!(a.state, b.state)) : open;
  }

  /**
   * A state of the resource, from this replica's poll, from something else
   * here (a first read, a mutation), or from another replica. True when it is
   * news: then it is delivered, published if learnt here, and (not from a
   * poll, which paces itself) the poller hurries.
   */
  private apply<S>(w: Watched<S>, state: S, origin: "poll" | "here" | "remote"): boolean {
    const { spec } = w;
    const id = spec.idOf(state);
    const progress = spec.progress(state);
    const known = w.items.get(id);
    if (known && known.progress >= progress) return false;
    w.items.set(id, { id, progress, state });
    for (const s of [...w.subscribers]) s.push(state);
    // Only a terminal item can push older ones out of a collection's lists.
    if (!spec.single && spec.forget && spec.terminal(state)) for (const old of spec.forget(w.items.values())) w.items.delete(old);
    if (origin !== "remote") this.send(spec.key, { o: this.replicaId, t: "state", s: spec.encode(state) });
    if (spec.single && spec.terminal(state)) this.finish(w);
    else if (origin !== "poll") this.hurry(w);
    return true;
  }

  private onMessage<S>(w: Watched<S>, raw: string): void {
    if (w.stopped) return;
    let m: Message;
    try {
      m = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (m.o === this.replicaId) return; // delivered here already
    if (m.t === "released") {
      // Its poller left while this replica still has subscribers: take over now, not at the next claim.
      if (!w.polling && !w.finished && !w.claiming && w.subscribers.size > 0) {
        w.leaseTimer = this.timers.clear(w.leaseTimer);
        this.claimLease(w);
      }
      return;
    }
    if (m.t !== "state" || typeof m.s !== "string") return;
    let state: S;
    try {
      state = w.spec.decode(m.s);
    } catch {
      return;
    }
    this.counters.received++;
    this.apply(w, state, "remote");
  }

  /** A single resource ended: subscribers complete after the terminal event, polling stops for good. */
  private finish<S>(w: Watched<S>): void {
    w.finished = true;
    if (w.polling) {
      this.setPolling(w, false);
      this.releaseLease(w, false);
    }
    w.pollTimer = this.timers.clear(w.pollTimer);
    w.leaseTimer = this.timers.clear(w.leaseTimer);
    for (const s of [...w.subscribers]) s.end();
  }

  private maybeStop<S>(w: Watched<S>): void {
    if (w.subscribers.size === 0 && w.waiting === 0) this.stop(w);
  }

  private stop<S>(w: Watched<S>): void {
    if (w.stopped) return;
    w.stopped = true;
    if (this.watches.get(w.spec.key) === w) this.watches.delete(w.spec.key);
    w.pollTimer = this.timers.clear(w.pollTimer);
    w.leaseTimer = this.timers.clear(w.leaseTimer);
    if (w.polling) {
      this.setPolling(w, false);
      this.releaseLease(w, !w.finished);
    }
    if (w.unlisten) this.track(w.unlisten());
  }

  // ---- leases ----------------------------------------------------------------

  /** Claims (or renews) the lease, then again every third of the lease time; polls while it holds it. */
  private claimLease<S>(w: Watched<S>): void {
    if (w.stopped || w.finished || w.claiming) return;
    const leases = this.options.leases;
    if (!leases) return this.startPolling(w);
    w.claiming = true;
    const ttl = this.options.leaseTtlMs;
    const claim = leases.claim(w.spec.key, this.replicaId, (ttl * 2) / 3).catch((e: unknown) => {
      // Redis is away: poll anyway. Two replicas polling for a while beats subscribers hearing nothing.
      this.warn("lease", e, "watch: cannot claim leases; polling without them until Redis answers");
      return true;
    });
    this.track(
      claim.then((held) => {
        w.claiming = false;
        if (w.stopped || w.finished) {
          if (held && !w.polling) this.track(leases.release(w.spec.key, this.replicaId).catch(() => {}));
          return;
        }
        if (held && !w.polling) {
          this.options.logger?.debug({ key: w.spec.key, replicaId: this.replicaId }, "watch: polling (lease held)");
          this.startPolling(w);
        } else if (!held && w.polling) {
          this.options.logger?.debug({ key: w.spec.key, replicaId: this.replicaId }, "watch: another replica polls it now");
          this.setPolling(w, false);
          w.pollTimer = this.timers.clear(w.pollTimer);
        }
        w.leaseTimer = this.timers.set(() => {
          w.leaseTimer = undefined;
          this.claimLease(w);
        }, ttl / 3);
      }),
    );
  }

  /** Frees the lease; `tell` the other replicas so that one with subscribers takes over at once. */
  private releaseLease<S>(w: Watched<S>, tell: boolean): void {
    const leases = this.options.leases;
    if (!leases) return;
    const key = w.spec.key;
    this.track(
      leases
        .release(key, this.replicaId)
        .catch(() => {}) // it expires on its own
        .then(() => {
          if (tell) this.send(key, { o: this.replicaId, t: "released" });
        }),
    );
  }

  // ---- polling ---------------------------------------------------------------

  private startPolling<S>(w: Watched<S>): void {
    this.setPolling(w, true);
    w.intervalMs = this.bounds.minMs;
    this.schedule(w, this.budgeted(w, this.bounds.minMs), this.repayment(w));
  }

  /** A read of the watch, its calls beyond the weight owed to the account's budget. */
  private async read<S>(w: Watched<S>): Promise<S[]> {
    const tally: ReadTally = { calls: w.weight };
    const states = await w.spec.read(w.items, tally);
    w.owedCalls += Math.max(0, tally.calls - w.weight);
    return states;
  }

  /** The wait that pays for the extra calls of the watch's reads: each call is 1 / budget seconds of the account's. */
  private repayment<S>(w: Watched<S>): number {
    const budget = this.options.maxPollsPerSecondPerAccount;
    const owed = w.owedCalls;
    w.owedCalls = 0;
    return budget === undefined || owed === 0 ? 0 : Math.ceil((owed / budget) * 1000);
  }

  private setPolling<S>(w: Watched<S>, polling: boolean): void {
    if (w.polling === polling) return;
    w.polling = polling;
    // A poll of several calls (a membership's run lists) counts as that many pollers, so the account's calls stay within the budget.
    const n = (this.pollersByAccount.get(w.account) ?? 0) + (polling ? w.weight : -w.weight);
    if (n > 0) this.pollersByAccount.set(w.account, n);
    else this.pollersByAccount.delete(w.account);
  }

  private accountOf(route: unknown): string {
    if (this.options.accountOf) return this.options.accountOf(route) ?? "";
    const { accountId, region } = (route ?? {}) as { accountId?: unknown; region?: unknown };
    if (typeof accountId !== "string") return "";
    // Each region of an account has its own quota, so its own polling budget.
    return typeof region === "string" ? `${accountId}/${region}` : accountId;
  }

  /** `ms`, stretched so that the account's pollers together stay within its budget. */
  private budgeted<S>(w: Watched<S>, ms: number): number {
    return stretchedInterval(ms, this.pollersByAccount.get(w.account) ?? 1, this.options.maxPollsPerSecondPerAccount);
  }

  /** The next poll in `ms`, plus `repayMs` for the calls the last read made beyond its weight (a hurry does not cut that short). */
  private schedule<S>(w: Watched<S>, ms: number, repayMs = 0): void {
    ms += repayMs;
    w.repaying = repayMs > 0;
    w.pollTimer = this.timers.clear(w.pollTimer);
    w.scheduledMs = ms;
    w.pollDueAt = performance.now() + ms;
    const fire = (): void => {
      // Node times a timeout from the event loop's cached clock, which lags behind while a tick runs long: it can fire early. Waiting out the rest keeps the account's budget exact.
      const early = w.pollDueAt - performance.now();
      if (early > 0) {
        w.pollTimer = this.timers.set(fire, Math.ceil(early));
        return;
      }
      w.pollTimer = undefined;
      void this.poll(w);
    };
    w.pollTimer = this.timers.set(fire, ms);
  }

  /** A change seen elsewhere (a mutation, another replica): more tend to follow, so the poller goes back to its fastest pace. */
  private hurry<S>(w: Watched<S>): void {
    if (!w.polling) return;
    w.intervalMs = this.bounds.minMs;
    const ms = this.budgeted(w, this.bounds.minMs);
    if (!w.reading && !w.repaying && w.pollDueAt > performance.now() + ms) this.schedule(w, ms);
  }

  private async poll<S>(w: Watched<S>): Promise<void> {
    if (!w.polling || w.stopped || w.finished) return;
    w.reading = true;
    w.polls++;
    this.counters.polls++;
    let outcome: PollOutcome;
    try {
      const states = await this.read(w);
      let changed = false;
      if (!w.stopped) for (const s of states) if (this.apply(w, s, "poll")) changed = true;
      outcome = changed ? "changed" : "unchanged";
    } catch (e) {
      outcome = this.isThrottled(e) ? "throttled" : "failed";
      this.options.logger?.debug({ err: e, key: w.spec.key, outcome }, "watch: poll failed");
    } finally {
      w.reading = false;
    }
    if (!w.polling || w.stopped || w.finished) return;
    w.intervalMs = nextInterval(w.intervalMs, outcome, this.bounds);
    this.schedule(w, withJitter(this.budgeted(w, w.intervalMs), this.random), this.repayment(w));
  }

  // ---- messages --------------------------------------------------------------

  private send(key: string, message: Message): void {
    this.counters.published += message.t === "state" ? 1 : 0;
    this.track(
      this.options.pubsub.publish(key, JSON.stringify(message)).catch((e: unknown) => {
        this.warn("publish", e, "watch: cannot publish to the other replicas (their subscribers hear it at their next poll)");
      }),
    );
  }

  private warn(kind: string, err: unknown, message: string): void {
    const now = performance.now();
    if (now - (this.warned.get(kind) ?? -Infinity) < 60_000) return;
    this.warned.set(kind, now);
    this.options.logger?.warn({ err, replicaId: this.replicaId }, message);
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch(() => {});
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }
}
