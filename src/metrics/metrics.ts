/**
 * The gateway's Prometheus metrics (prom-client), in one registry: what an
 * operator needs to see GraphQL traffic, the AWS calls it causes per
 * account, the budgets and governors that bound them, credentials,
 * subscriptions and caches. The other parts report through plain observer
 * callbacks that app.ts wires here; gauges of live state (subscriptions,
 * sockets, governors) are read when Prometheus scrapes.
 *
 * Labels stay bounded: operation names are the caller's, so only the first
 * `MAX_OPERATION_NAMES` well-formed ones get their own series (the rest are
 * "other"); accounts are the configured ones, regions each account's
 * configured ones (AWS counts quotas per account and region, so the calls
 * and the governors that pace them are per account and region); outcomes
 * are contract codes.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Live figures read at scrape time. */
export interface LiveState {
  subscriptions(): number;
  webSockets(): number;
  watches(): number;
  /** Per governed account and region: its current rate (calls/s), calls in flight and calls waiting. */
  governors(): { accountId: string; region: string; callsPerSecond: number; inFlight: number; waiting: number }[];
  /** The per-request loaders' lookups since start. */
  loaders(): { hits: number; misses: number };
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();

  private readonly operations = new Counter({ name: "cleanrooms_graph_operations_total", help: "GraphQL operations served, by operation name, type and outcome (ok or the first error's code).", labelNames: ["operation", "type", "outcome"], registers: [this.registry] });
  private readonly operationSeconds = new Histogram({ name: "cleanrooms_graph_operation_duration_seconds", help: "Time to answer a GraphQL query or mutation (subscriptions: to their first answer).", labelNames: ["operation", "type"], buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  private readonly awsCalls = new Counter({ name: "cleanrooms_graph_aws_calls_total", help: "Clean Rooms calls, by account, region, operation and outcome: ok, a contract code for AWS's answers, or the gateway's own refusals that sent nothing (more) to AWS: budget_refused (the operation's or the principal's AWS-call budget), governor_wait_exceeded (the account's governor queue).", labelNames: ["account", "region", "operation", "outcome"], registers: [this.registry] });
  private readonly awsCallSeconds = new Histogram({ name: "cleanrooms_graph_aws_call_duration_seconds", help: "Clean Rooms call latency, retries and governor waits included.", labelNames: ["account", "region", "operation"], buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });
  private readonly budgetRefusals = new Counter({ name: "cleanrooms_graph_aws_call_budget_refusals_total", help: "Operations or calls refused by the AWS-call budget: estimate (before running), operation (the ceiling), principal (its allowance).", labelNames: ["budget"], registers: [this.registry] });
  private readonly governorWaitSeconds = new Histogram({ name: "cleanrooms_graph_governor_wait_seconds", help: "How long Clean Rooms call attempts waited for their turn in an account's governor in a region (those refused past maxWaitMs included).", labelNames: ["account", "region"], buckets: [0.005, 0.05, 0.25, 1, 2.5, 5, 10, 30, 60, 120], registers: [this.registry] });
  private readonly governorSlowdowns = new Counter({ name: "cleanrooms_graph_governor_slowdowns_total", help: "Times AWS throttling made an account's governor in a region halve its rate.", labelNames: ["account", "region"], registers: [this.registry] });
  private readonly credentialRefreshes = new Counter({ name: "cleanrooms_graph_credential_refreshes_total", help: "AssumeRole calls for an account's credentials, by outcome.", labelNames: ["account", "outcome"], registers: [this.registry] });
  private readonly idempotency = new Counter({ name: "cleanrooms_graph_idempotency_total", help: "Run starts with an idempotencyKey: started, or replayed from an earlier start.", labelNames: ["result"], registers: [this.registry] });

  constructor(live: LiveState) {
    collectDefaultMetrics({ register: this.registry, prefix: "cleanrooms_graph_" });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
    gauge("cleanrooms_graph_subscriptions", "Subscriptions streaming events.", () => live.subscriptions());
    gauge("cleanrooms_graph_websockets", "Open graphql-ws connections.", () => live.webSockets());
    gauge("cleanrooms_graph_pollers", "Watched resources being polled (one poller each, however many subscribers).", () => live.watches());
    const governor = (name: string, help: string, pick: (g: ReturnType<LiveState["governors"]>[number]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ["account", "region"],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const g of live.governors()) this.set({ account: g.accountId, region: g.region }, pick(g));
        },
      });
    new Counter({
      name: "cleanrooms_graph_loader_loads_total",
      help: "Per-request loader lookups: hit (answered from the operation's own reads) or miss (a read).",
      labelNames: ["result"],
      registers: [this.registry],
      collect() {
        const { hits, misses } = live.loaders();
        this.reset();
        this.inc({ result: "hit" }, hits);
        this.inc({ result: "miss" }, misses);
      },
    });
    governor("cleanrooms_graph_governor_calls_per_second", "An account's current call rate in a region (below the configured one after AWS throttled).", (g) => g.callsPerSecond);
    governor("cleanrooms_graph_governor_in_flight", "Calls in flight per account and region.", (g) => g.inFlight);
    governor("cleanrooms_graph_governor_waiting", "Calls waiting for their turn per account and region.", (g) => g.waiting);
  }

  /** The series name for a caller's operation name: itself while names are few and well formed. */
  private operationLabel(name: string | null | undefined): string {
    if (!name) return "anonymous";
    if (!OPERATION_NAME.test(name)) return "other";
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return "other";
    this.names.add(name);
    return name;
  }

  operationFinished(name: string | null | undefined, type: string, outcome: string, seconds: number): void {
    const operation = this.operationLabel(name);
    this.operations.inc({ operation, type, outcome });
    this.operationSeconds.observe({ operation, type }, seconds);
  }

  /** `region`: where the call went; "" when it cannot be told (an account the gateway does not federate). */
  awsCall(accountId: string, region: string, operation: string, outcome: string, seconds: number): void {
    this.awsCalls.inc({ account: accountId, region, operation, outcome });
    this.awsCallSeconds.observe({ account: accountId, region, operation }, seconds);
  }

  budgetRefused(budget: "estimate" | "operation" | "principal"): void {
    this.budgetRefusals.inc({ budget });
  }

  governorWaited(accountId: string, region: string, seconds: number): void {
    this.governorWaitSeconds.observe({ account: accountId, region }, seconds);
  }

  governorSlowedDown(accountId: string, region: string): void {
    this.governorSlowdowns.inc({ account: accountId, region });
  }

  credentialsRefreshed(accountId: string, ok: boolean): void {
    this.credentialRefreshes.inc({ account: accountId, outcome: ok ? "ok" : "failed" });
  }

  idempotencyOutcome(replayed: boolean): void {
    this.idempotency.inc({ result: replayed ? "replayed" : "started" });
  }

  /** The exposition text, and its content type. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
