/**
 * Every error leaves the gateway through `normalizeError`: errors that carry
 * a contract code pass with their message and the extensions callers use;
 * GraphQL's own request errors become BAD_USER_INPUT; anything else is
 * masked as INTERNAL_SERVER_ERROR with a correlation id, its details going
 * to the log under that id. It never throws.
 */
import { randomUUID } from "node:crypto";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ErrorCode } from "./codes";

const CONTRACT_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** Apollo's codes for a request that is not a valid operation: the caller's to fix. */
const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/** Extensions a caller may see besides `code`. */
const PUBLIC_EXTENSIONS = ["accountId", "region", "field", "candidates", "accountIds", "correlationId"] as const;

/** An error without a code that Apollo raised with a 4xx status (e.g. an APQ hash that does not match its query). */
function isCallersFault(code: string, original: unknown): boolean {
  if (code !== "" && code !== ErrorCode.INTERNAL_SERVER_ERROR) return false;
  const status = original instanceof GraphQLError ? (original.extensions?.http as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === "number" && status >= 400 && status < 500;
}

export type ErrorLogger = (correlationId: string, error: unknown) => void;

/** `requestId`: the id of the request the error belongs to, when known; a masked error is logged and answered under it. */
export function normalizeError(formatted: GraphQLFormattedError, original: unknown, log: ErrorLogger, requestId?: string): GraphQLFormattedError {
  try {
    const code = String(formatted.extensions?.code ?? "");
    const base = { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    if (CONTRACT_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const extensions: Record<string, unknown> = { code };
      for (const key of PUBLIC_EXTENSIONS) if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
      return { ...base, extensions };
    }
    if (REQUEST_ERROR_CODES.has(code) || isCallersFault(code, original)) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    // The request's own id when there is one: the caller can quote it, and it finds every log line of the request.
    const correlationId = requestId ?? randomUUID();
    log(correlationId, original);
    return {
      message: `Internal server error (correlation id ${correlationId}).`,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, correlationId },
    };
  } catch {
    return { message: "Internal server error.", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
}
