/**
 * Every HTTP request's correlation id: the trace id of a W3C `traceparent`
 * header when the caller sends one (its tracing then finds the gateway's
 * lines), else a well-formed `x-request-id`, else a new UUID. It is sent back
 * in `x-request-id` and kept in `res.locals.requestId`, from where the
 * request's log lines, its GraphQL context and its masked errors take it.
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { RequestHandler } from "express";

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ZERO_TRACE = "0".repeat(32);
/** What a request id may look like: anything else (a log-injection attempt, 10 KB of text) is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(headers: IncomingHttpHeaders): string {
  const trace = TRACEPARENT.exec(String(headers.traceparent ?? "").trim().toLowerCase())?.[1];
  if (trace && trace !== ZERO_TRACE) return trace;
  const given = headers["x-request-id"];
  if (typeof given === "string" && REQUEST_ID.test(given)) return given;
  return randomUUID();
}

export const requestScope: RequestHandler = (req, res, next) => {
  const requestId = requestIdOf(req.headers);
  res.locals.requestId = requestId;
  res.setHeader("x-request-id", requestId);
  next();
};
