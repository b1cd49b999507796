/**
 * Authentication before anything else (body parsing included): a request
 * without a valid bearer token gets HTTP 401 with one UNAUTHENTICATED error
 * and no data, and costs the gateway a header check. The principal goes to
 * res.locals for the GraphQL context. Each failure is charged to the client
 * address (express's `req.ip`: the peer, or the client a trusted proxy names)
 * by the anonymous throttle (limits/anonymous.ts); once the address's bucket
 * is empty, its requests get 429 THROTTLED instead of 401, and only API keys
 * are still checked (a hash lookup): a valid one passes.
 */
import type { RequestHandler, Response } from "express";
import { bearerToken, type AuthFailure, type AuthResult, type Authenticator } from "../auth/authenticate";
import type { Principal } from "../auth/principal";
import { ErrorCode } from "../errors/codes";
import { sendGraphQLError } from "./http-errors";
import { ANONYMOUS_THROTTLED_MESSAGE, retryAfter, verifiedWhileThrottled, type AnonymousThrottle } from "./limits/anonymous";
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
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const wait = anonymous?.wait(address) ?? 0;
    const header = req.headers.authorization;
    let result: AuthResult;
    if (wait > 0) {
      const bearer = bearerToken(header);
      result = "token" in bearer && verifiedWhileThrottled(bearer.token) ? await auth.verify(bearer.token) : { failure: "invalid" };
      if (!("principal" in result)) {
        anonymous!.failed(address);
        res.setHeader("retry-after", retryAfter(wait));
        return sendGraphQLError(res, 429, ANONYMOUS_THROTTLED_MESSAGE, ErrorCode.THROTTLED);
      }
    } else result = await auth.authenticate(header);
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
    anonymous?.failed(address);
    res.setHeader("www-authenticate", FAILURES[result.failure].challenge);
    sendGraphQLError(res, 401, FAILURES[result.failure].message, ErrorCode.UNAUTHENTICATED);
  };
