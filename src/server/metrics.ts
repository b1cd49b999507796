/**
 * GET /metrics for Prometheus. A scraper authenticates with a token of its
 * own (`metrics.tokenSha256`: the SHA-256 of its bearer token, compared in
 * constant time), so that no caller's API key sits in Prometheus's
 * configuration; without one configured, any principal the gateway
 * authenticates may read them. The figures carry no secret either way.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { bearerToken, type Authenticator } from "../auth/authenticate";

export function metricsHandler(metrics: { scrape(): Promise<{ contentType: string; text: string }>; tokenSha256?: string }, auth: Authenticator): RequestHandler {
  const expected = metrics.tokenSha256 ? Buffer.from(metrics.tokenSha256.toLowerCase(), "hex") : undefined;
  const allowed = async (header: string | undefined): Promise<boolean> => {
    if (!expected) return "principal" in (await auth.authenticate(header));
    const bearer = bearerToken(header);
    if (!("token" in bearer)) return false;
    return timingSafeEqual(createHash("sha256").update(bearer.token).digest(), expected);
  };
  return async (req, res) => {
    if (!(await allowed(req.headers.authorization))) {
      res.setHeader("www-authenticate", 'Bearer realm="cleanrooms-graph metrics"');
      return void res.status(401).type("text/plain").send("A bearer token that may read the metrics is required.\n");
    }
    const { contentType, text } = await metrics.scrape();
    res.type(contentType).send(text);
  };
}
