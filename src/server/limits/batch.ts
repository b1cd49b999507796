/** Bounds the operations of a batched HTTP request (a JSON array body) before any of them runs. */
import type { RequestHandler } from "express";
import { ErrorCode } from "../../errors/codes";
import { sendGraphQLError } from "../http-errors";
import { LIMIT_MESSAGES } from "./limits";

export const batchLimit =
  (maxOperations: number): RequestHandler =>
  (req, res, next) => {
    const body: unknown = req.body;
    if (Array.isArray(body) && maxOperations > 1 && body.length > maxOperations) return sendGraphQLError(res, 400, LIMIT_MESSAGES.batch, ErrorCode.BAD_USER_INPUT);
    next();
  };
