/**
 * GraphiQL on the GraphQL endpoint: mounted on the endpoint's path before
 * Apollo, it answers a browser's GET (one that prefers text/html) with the
 * page, serves the bundle under `<path>/assets/`, and passes everything else
 * (POSTs, GETs asking for JSON) on to Apollo untouched, CSRF checks included.
 */
import express, { type Request, type Response } from "express";
import { graphiqlBundle, type GraphiqlBundle } from "./bundle";
import { GRAPHIQL_CSP, graphiqlClientConfig, graphiqlPage, type GraphiqlPageOptions, type PageAssets } from "./page";

export type { GraphiqlPageOptions };

export interface GraphiqlHandlerOptions extends GraphiqlPageOptions {
  /** Where a failed bundle build is reported; the browser only learns that the page is unavailable. */
  log?: (error: unknown) => void;
}

/** The media types Apollo answers; a browser navigating here ranks text/html above them all. */
const GRAPHQL_TYPES = ["application/graphql-response+json", "application/json", "multipart/mixed"];

export function prefersHtml(req: Request): boolean {
  return req.accepts([...GRAPHQL_TYPES, "text/html"]) === "text/html";
}

export function graphiqlHandler(options: GraphiqlHandlerOptions = {}): express.Router {
  const log = options.log ?? ((e: unknown) => console.error("GraphiQL bundle failed:", e));
  const router = express.Router();
  // Start bundling now, so the first visitor doesn't wait for it; a failure is retried and reported on request.
  graphiqlBundle().catch(() => {});

  const withBundle = async (res: Response, use: (bundle: GraphiqlBundle) => void) => {
    let bundle: GraphiqlBundle;
    try {
      bundle = await graphiqlBundle();
    } catch (e) {
      log(e);
      res.status(503).type("text/plain").send("GraphiQL is unavailable: its bundle could not be built (see the gateway's log).\n");
      return;
    }
    use(bundle);
  };

  router.get("/assets/:name", async (req, res) => {
    await withBundle(res, (bundle) => {
      const asset = bundle.assets.get(String(req.params.name));
      if (!asset) return void res.status(404).type("text/plain").send("Not found\n");
      const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
      res.set({
        "Content-Type": asset.contentType,
        // File names carry a content hash.
        "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
        Vary: "Accept-Encoding",
      });
      if (gzip) res.set("Content-Encoding", "gzip");
      res.send(gzip ? asset.gzip : asset.body);
    });
  });

  router.get("/", async (req, res, next) => {
    if (!prefersHtml(req)) return next();
    await withBundle(res, (bundle) => {
      const assets: PageAssets = { base: `${req.baseUrl}/assets`, script: bundle.script, stylesheet: bundle.stylesheet, workers: bundle.workers };
      const config = graphiqlClientConfig(req.baseUrl || "/", assets, options);
      res.set({
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": GRAPHIQL_CSP,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
      });
      res.send(graphiqlPage(config, assets));
    });
  });

  return router;
}
