/**
 * The GraphiQL HTML page and its Content-Security-Policy. Pure: the handler
 * passes where the assets live and what the page should open with.
 */
import { createHash } from "node:crypto";
import { CONFIG_ELEMENT_ID, type GraphiqlClientConfig } from "./client-config";
import { PRESETS, type Preset } from "./presets";

export interface GraphiqlPageOptions {
  /**
   * Request headers every tab starts with. Demo mode passes the demo token's,
   * `{ Authorization: "Bearer <token>" }`; elsewhere people type their own.
   */
  defaultHeaders?: Record<string, string>;
  /** The tabs of a first visit; the example operations by default. */
  presets?: readonly Preset[];
}

export interface PageAssets {
  /** URL path under which the assets are served, e.g. "/graphql/assets". */
  base: string;
  script: string;
  stylesheet: string;
  workers: GraphiqlClientConfig["workers"];
}

/**
 * Only this host: scripts, styles and workers from 'self' (fonts are data: URLs inside the CSS),
 * fetches and the graphql-ws socket to 'self' (which covers ws:/wss: to the same host).
 * Monaco injects style elements, hence 'unsafe-inline' for styles only.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function graphiqlClientConfig(endpoint: string, assets: PageAssets, options: GraphiqlPageOptions = {}): GraphiqlClientConfig {
  const headers = options.defaultHeaders && Object.keys(options.defaultHeaders).length > 0 ? JSON.stringify(options.defaultHeaders, null, 2) : undefined;
  const tabs = (options.presets ?? PRESETS).map((p) => ({ query: p.query, variables: p.variables, headers }));
  const version = createHash("sha256").update(JSON.stringify({ tabs, assets: assets.script })).digest("hex").slice(0, 12);
  return {
    endpoint,
    tabs,
    defaultHeaders: headers,
    persistHeaders: headers !== undefined,
    storageNamespace: `cleanrooms-graph:${version}:`,
    workers: {
      editor: `${assets.base}/${assets.workers.editor}`,
      json: `${assets.base}/${assets.workers.json}`,
      graphql: `${assets.base}/${assets.workers.graphql}`,
    },
  };
}

/** JSON that is safe inside a <script> element: no "</script>", no "<!--". */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The empty data: icon spares the browser a /favicon.ico request. */
export function graphiqlPage(config: GraphiqlClientConfig, assets: PageAssets): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>cleanrooms-graph · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${escapeAttr(`${assets.base}/${assets.stylesheet}`)}" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
    <script id="${CONFIG_ELEMENT_ID}" type="application/json">${scriptJson(config)}</script>
    <script type="module" src="${escapeAttr(`${assets.base}/${assets.script}`)}"></script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
  </body>
</html>
`;
}
