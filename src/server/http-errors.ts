/**
 * Errors raised before a request reaches GraphQL (body too large, not JSON,
 * an unsupported encoding) answered as GraphQL errors, not express's HTML
 * page with a stack trace; anything unexpected is masked with the request's
 * correlation id (request-id.ts, the `x-request-id` it answers with) like
 * every other internal error.
 *
 * Every refusal the gateway makes itself (here, authentication, the limits)
 * leaves through `sendGraphQLError`, in the media type the request's Accept
 * asks for, chosen as Apollo chooses it for its own answers (GraphQL over
 * HTTP): `application/graphql-response+json` when the client prefers it
 * (Apollo Client 4 and urql do), `application/json` otherwise (no Accept, or
 * one that accepts neither). A client that asked for the GraphQL response
 * type reads a 4xx as a GraphQL response, `extensions.code` included.
 */
import type { Duplex } from "node:stream";
import type { ErrorRequestHandler, Request, Response } from "express";
import { ErrorCode } from "../errors/codes";
import type { ErrorLogger } from "../errors/normalize";

/** Apollo's media types for a single result (its MEDIA_TYPES), in Apollo's order of preference for a tie. */
export const MEDIA_TYPES = {
  json: "application/json; charset=utf-8",
  graphqlResponse: "application/graphql-response+json; charset=utf-8",
} as const;

/**
 * The media type of an answer to `req`: Apollo's negotiation (negotiator over the same list, so equal preferences
 * go to application/json), and application/json when Accept admits neither, as Apollo's own refusals do.
 */
export function responseMediaType(req: Pick<Request, "accepts">): string {
  const preferred = req.accepts([MEDIA_TYPES.json, MEDIA_TYPES.graphqlResponse]);
  return preferred === MEDIA_TYPES.graphqlResponse ? MEDIA_TYPES.graphqlResponse : MEDIA_TYPES.json;
}

export function sendGraphQLError(res: Response, status: number, message: string, code: ErrorCode, extensions: Record<string, unknown> = {}): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] });
  res.status(status).set("content-type", responseMediaType(res.req)).send(body);
}

const READ_ERRORS: Record<string, string> = {
  "entity.too.large": "The request body is too large.",
  "entity.parse.failed": "The request body is not valid JSON.",
  "encoding.unsupported": "The request body's content encoding is not supported.",
  "charset.unsupported": "The request body's charset is not supported; send UTF-8.",
};

export const httpErrors =
  (log: ErrorLogger): ErrorRequestHandler =>
  (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: unknown; statusCode?: unknown; type?: unknown };
    const status = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : 500;
    if (status >= 400 && status < 500) {
      const message = (typeof e.type === "string" && READ_ERRORS[e.type]) || "The request could not be read.";
      return sendGraphQLError(res, status, message, ErrorCode.BAD_USER_INPUT);
    }
    const correlationId = res.locals.requestId as string; // requestScope runs first, for every request
    log(correlationId, err);
    sendGraphQLError(res, 500, `Internal server error (correlation id ${correlationId}).`, ErrorCode.INTERNAL_SERVER_ERROR, { correlationId });
  };

/**
 * Requests Node's HTTP parser refuses before express sees them (headers too
 * large, a malformed request line) get a GraphQL error too, instead of
 * Node's bare status line. For http.Server's 'clientError' event. The request
 * was not read, so its Accept is unknown: application/json, the default.
 */
export function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) return void socket.destroy();
  const [status, reason, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "The request's headers are too large."]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "The request took too long to arrive."]
        : [400, "Bad Request", "The request is not valid HTTP."];
  const body = JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
