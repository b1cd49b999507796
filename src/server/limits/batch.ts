/** Bounds the operations of a batched HTTP request (a JSON array body) before any of them runs. */
import type { RequestHandler } from "express";
import { ErrorCode } from "../../errors/codes";
import { LIMIT_MESSAGES } from "./limits";

export const batchLimit =
  (maxOperations: number): RequestHandler =>
  (req, res, next) => {
    const body: unknown = req.body;
    if (Array.isArray(body) && maxOperations > 1 && body.length > maxOperations) {
      res.status(400).json({ errors: [{ message: LIMIT_MESSAGES.batch, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
      return;
    }
    next();
  };
