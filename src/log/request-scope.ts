/**
 * Which request the running code serves, without passing it around: the
 * transport enters a scope for each HTTP request and each graphql-ws
 * operation (AsyncLocalStorage follows it through every await), every log
 * line written inside carries its `requestId` (logger.ts), and a masked
 * error names it as its correlation id, so that one id finds a request's
 * every line in log search.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestScope {
  /** The request's correlation id: the caller's (traceparent, x-request-id) or one the gateway made. */
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** The scope of the request being served, if any (start-up and timers run outside any). */
export const currentRequest = (): RequestScope | undefined => storage.getStore();

/** Runs `fn` (and everything it awaits) as part of the request `scope`. */
export const inRequest = <T>(scope: RequestScope, fn: () => T): T => storage.run(scope, fn);
