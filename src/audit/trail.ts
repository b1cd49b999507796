/**
 * Where audit events go: the log stream always (one `info` line each, under
 * `audit`), and with `audit.redisUrl` also a Redis stream that every replica
 * appends to (XADD with an exact `MAXLEN =`: the stream holds at most
 * `maxLen` events, the oldest trimmed first, so retention is a count, not a
 * time; exact trimming costs Redis a little more than `~`, nothing at the
 * rate mutations come, and `~` would let a stream exceed its cap by up to a
 * whole node of entries). Recording never fails a mutation: a
 * Redis outage costs a `warn` line per failed append, the log line stands.
 */
import { Redis } from "ioredis";
import type { Logger } from "../log/logger";
import type { AuditEvent } from "./event";

export interface AuditConfig {
  /** redis://… : also append each event to a Redis stream shared by the replicas. */
  redisUrl?: string;
  /** The stream's key. */
  stream: string;
  /** How many events the stream keeps at most (XADD MAXLEN =). */
  maxLen: number;
}

export interface AuditTrail {
  record(event: AuditEvent): void;
  close(): Promise<void>;
}

export function createAuditTrail(config: AuditConfig, logger: Logger): AuditTrail {
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5_000, lazyConnect: true }) : undefined;
  // Errors reach the command that failed; the client's own event would otherwise crash the process.
  redis?.on("error", () => {});
  return {
    record(event) {
      // requestId also at the top, where log search finds every line of a request.
      logger.info({ requestId: event.requestId, audit: event }, `audit: ${event.action} ${event.outcome}`);
      redis?.xadd(config.stream, "MAXLEN", "=", String(config.maxLen), "*", "event", JSON.stringify(event)).catch((e: unknown) => {
        logger.warn({ requestId: event.requestId, err: { message: (e as Error).message }, action: event.action }, "audit: the event could not be added to the Redis stream");
      });
    },
    async close() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
