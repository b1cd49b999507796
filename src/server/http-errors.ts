/**
 * Errors raised before a request reaches GraphQL (body too large, not JSON,
 * an unsupported encoding) answered as GraphQL errors, not express's HTML
 * page with a stack trace; anything unexpected is masked with a correlation
 * id like every other internal error.
 */
import { randomUUID } from "node:crypto";
import type { ErrorRequestHandler, Response } from "express";
import { ErrorCode } from "../errors/codes";
import type { ErrorLogger } from "../errors/normalize";

export function sendGraphQLError(res: Response, status: number, message: string, code: ErrorCode, extensions: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
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
    const correlationId = randomUUID();
    log(correlationId, err);
    sendGraphQLError(res, 500, `Internal server error (correlation id ${correlationId}).`, ErrorCode.INTERNAL_SERVER_ERROR, { correlationId });
  };
