/**
 * The gateway's watch: status changes of protected queries, jobs and change
 * requests, polled once per resource for every subscriber, and shared
 * between replicas through Redis when `redisUrl` is set (pub/sub for the
 * events, leases for who polls). Without Redis everything happens in this
 * process.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { Redis, type RedisOptions } from "ioredis";
import { DEFAULTS } from "../defaults";
import type { AwsChangeRequestSummary, CleanRoomsApi } from "../aws/cleanrooms-api";
import type { Logger } from "../log/logger";
import { RedisLeaseStore, type LeaseStore } from "./lease";
import { MemoryPubSub, type PubSub } from "./pubsub";
import { RedisPubSub } from "./redis-pubsub";
import {
  changeRequestKind,
  changeRequestSpec,
  changeRequestsKind,
  changeRequestsSpec,
  runKind,
  runSpec,
  watchKeys,
  type CollaborationRoute,
  type MembershipRoute,
  type RunStates,
  type RunWatch,
} from "./resources";
import { WatchRegistry, type WatchSpec, type WatchStats } from "./watcher";
import { membershipRunsKey, membershipRunsKind, membershipRunsSpec, type MembershipRunState } from "./membership-runs";
import { accountCollaborationsSpec, type AccountCollaborationState, type AccountPlace } from "./account-collaborations";

export interface WatchConfig {
  /** Poll interval right after a change (ms). */
  minIntervalMs?: number;
  /** Longest poll interval while nothing changes or AWS throttles (ms). */
  maxIntervalMs?: number;
  /** Share events and polling between replicas (redis:// or rediss://); this process only when left out. */
  redisUrl?: string;
  /** With Redis: the longest a resource goes unpolled after its polling replica dies (ms). */
  leaseTtlMs?: number;
  /** Polls per second of every watched resource of one account together; intervals stretch to keep within it (none when left out). */
  maxPollsPerSecondPerAccount?: number;
  /** Tests: a ready pub/sub and lease store (they win over redisUrl), and this replica's id. */
  pubsub?: PubSub;
  leases?: LeaseStore;
  replicaId?: string;
  /** Passed to ioredis. */
  redis?: RedisOptions;
}

export type WatchStatsWithRedis = WatchStats & { redis: boolean };

export class Watch {
  readonly registry: WatchRegistry;
  private readonly redis?: { commands: Redis; subscriber: Redis };
  private readonly pubsub: PubSub;

  constructor(
    private readonly api: CleanRoomsApi,
    config: WatchConfig = {},
    private readonly logger?: Logger,
  ) {
    let leases = config.leases;
    let pubsub = config.pubsub;
    if (config.redisUrl && !pubsub) {
      // Commands fail fast while Redis is away (the registry then polls without a lease); the subscriber reconnects and resubscribes.
      const commands = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5_000, ...config.redis });
      const subscriber = commands.duplicate({ maxRetriesPerRequest: null });
      const onError = (e: unknown) => logger?.warn({ err: e }, "watch: Redis connection error");
      commands.on("error", onError);
      subscriber.on("error", onError);
      this.redis = { commands, subscriber };
      pubsub = new RedisPubSub({ publisher: commands, subscriber, onError: (e) => logger?.warn({ err: e }, "watch: Redis pub/sub error") });
      leases ??= new RedisLeaseStore(commands);
    }
    this.pubsub = pubsub ?? new MemoryPubSub((e) => logger?.error({ err: e }, "watch: listener failed"));
    this.registry = new WatchRegistry({
      replicaId: config.replicaId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
      pubsub: this.pubsub,
      leases,
      leaseTtlMs: config.leaseTtlMs ?? DEFAULTS.watch.leaseTtlMs,
      bounds: { minMs: config.minIntervalMs ?? DEFAULTS.watch.minIntervalMs, maxMs: config.maxIntervalMs ?? DEFAULTS.watch.maxIntervalMs },
      // The configuration file always sets it (its default); a Watch built without one (tests, demo) has no budget.
      maxPollsPerSecondPerAccount: config.maxPollsPerSecondPerAccount,
      logger,
    });
  }

  // ---- what subscriptions watch ----------------------------------------------

  run<W extends RunWatch>(watch: W, route: MembershipRoute, id: string): WatchSpec<RunStates[W], MembershipRoute> {
    return runSpec(this.api, watch, route, id);
  }

  /** Every run (query or job) of one membership: one poller per membership, shared by every subscriber. */
  membershipRuns(route: MembershipRoute): WatchSpec<MembershipRunState, MembershipRoute> {
    return membershipRunsSpec(this.api, route);
  }

  /** The collaborations one account sees in one region: the set "every collaboration" and "every membership in a collaboration" follow; one poller per account and region. */
  accountCollaborations(place: AccountPlace): WatchSpec<AccountCollaborationState, AccountPlace> {
    return accountCollaborationsSpec(this.api, place);
  }

  changeRequest(route: CollaborationRoute, id: string): WatchSpec<AwsChangeRequestSummary, CollaborationRoute> {
    return changeRequestSpec(this.api, route, id);
  }

  changeRequests(route: CollaborationRoute): WatchSpec<AwsChangeRequestSummary, CollaborationRoute> {
    return changeRequestsSpec(this.api, route);
  }

  // ---- what mutations made (published at once, never failing the mutation) ---

  publishRun<W extends RunWatch>(watch: W, run: RunStates[W], requestId?: string): void {
    this.safely(requestId, () => {
      this.registry.publish(watchKeys[watch](run.membershipId!, run.id!), runKind<RunStates[W]>(), run);
      // The membership's run list hears of it too: a run started here is news there before the next poll.
      this.registry.publish(membershipRunsKey(run.membershipId!), membershipRunsKind, { kind: watch, run } as MembershipRunState);
    });
  }

  publishChangeRequest(r: AwsChangeRequestSummary, requestId?: string): void {
    this.safely(requestId, () => {
      this.registry.publish(watchKeys.changeRequest(r.collaborationId!, r.id!), changeRequestKind, r);
      this.registry.publish(watchKeys.changeRequests(r.collaborationId!), changeRequestsKind, r);
    });
  }

  stats(): WatchStatsWithRedis {
    return { ...this.registry.stats(), redis: this.redis !== undefined };
  }

  async close(): Promise<void> {
    await this.registry.close();
    await this.pubsub.close();
    if (this.redis) {
      // QUIT when connected (pending commands finish first); a connection still trying to reach Redis is just dropped.
      await Promise.all([this.redis.subscriber, this.redis.commands].map((r) => (r.status === "ready" ? r.quit().catch(() => r.disconnect()) : r.disconnect())));
    }
  }

  /** `requestId`: the mutation's, so that log search finds this line with the request's others. */
  private safely(requestId: string | undefined, work: () => void): void {
    try {
      work();
    } catch (e) {
      this.logger?.warn({ err: e, requestId }, "watch: cannot publish a mutation's result");
    }
  }
}

export { WatchRegistry } from "./watcher";
export type { ReadTally, WatchDescription, WatchItem, WatchKind, WatchSpec, WatchStats } from "./watcher";
export { MemoryPubSub, type PubSub, type PubSubStats } from "./pubsub";
export { RedisPubSub } from "./redis-pubsub";
export { MemoryLeaseStore, RedisLeaseStore, type LeaseStore } from "./lease";
export { watchKeys, type CollaborationRoute, type MembershipRoute, type RunStates, type RunWatch } from "./resources";
export { EventStream } from "./stream";
export { StreamMerge } from "./merge";
export { followSet, type SetMember } from "./follow";
export { accountCollaborationsKey, type AccountCollaborationState, type AccountPlace } from "./account-collaborations";
export { membershipRunsKey, type MembershipRunState } from "./membership-runs";
