/**
 * Authentication before anything else (body parsing included): a request
 * without a valid bearer token gets HTTP 401 with one UNAUTHENTICATED error
 * and no data, and costs the gateway a header check. The principal goes to
 * res.locals for the GraphQL context. An address whose failures emptied its
 * bucket (limits/anonymous.ts) gets 429 THROTTLED before its token is read.
 */
import type { RequestHandler, Response } from "express";
import type { AuthFailure, Authenticator } from "../auth/authenticate";
import type { Principal } from "../auth/principal";
import { ErrorCode } from "../errors/codes";
import { sendGraphQLError } from "./http-errors";
import { ANONYMOUS_THROTTLED_MESSAGE, retryAfter, type AnonymousThrottle } from "./limits/anonymous";
import type { Logger } from "../log/logger";

const REALM = 'Bearer realm="cleanrooms-graph"';

const FAILURES: Record<AuthFailure, { message: string; challenge: string }> = {
  missing: { message: "Authentication required: send Authorization: Bearer <token>.", challenge: REALM },
  malformed: { message: "The Authorization header must be 'Bearer <token>'.", challenge: `${REALM}, error="invalid_request"` },
  invalid: { message: "The bearer token is not valid.", challenge: `${REALM}, error="invalid_token"` },
  expired: { message: "The bearer token has expired.", challenge: `${REALM}, error="invalid_token"` },
  unavailable: { message: "", challenge: REALM },
};

export const principalOf = (res: Response): Principal => res.locals.principal as Principal;

export const authenticateRequest =
  (auth: Authenticator, logger: Logger, anonymous?: AnonymousThrottle): RequestHandler =>
  async (req, res, next) => {
    const wait = anonymous?.wait(req) ?? 0;
    if (wait > 0) {
      res.setHeader("retry-after", retryAfter(wait));
      return sendGraphQLError(res, 429, ANONYMOUS_THROTTLED_MESSAGE, ErrorCode.THROTTLED);
    }
    const result = await auth.authenticate(req.headers.authorization);
    if ("principal" in result) {
      res.locals.principal = result.principal;
      return next();
    }
    if (result.failure === "unavailable") {
      // The token may be fine; the keys to check it could not be fetched. Not the caller's fault: 503, retry.
      logger.debug({ requestId: res.locals.requestId, err: result.cause }, "cannot verify a JWT: the JWKS is unavailable"); // the key set logs each outage once
      res.setHeader("retry-after", "5");
      return sendGraphQLError(res, 503, "Tokens cannot be verified right now; retry shortly.", ErrorCode.UPSTREAM_ERROR);
    }
    logger.debug({ requestId: res.locals.requestId, failure: result.failure }, "unauthenticated request");
    anonymous?.failed(req);
    res.setHeader("www-authenticate", FAILURES[result.failure].challenge);
    sendGraphQLError(res, 401, FAILURES[result.failure].message, ErrorCode.UNAUTHENTICATED);
  };
