/**
 * Bundles the GraphiQL page with esbuild, in memory, the first time a gateway
 * serves it (a few seconds, once per process): nothing generated is committed
 * or written, so a clean clone works with `npm ci && npm start` and in tests.
 * Four entries: the page (client.mts + its CSS, fonts inlined) and the three
 * Monaco workers it asks for by label. Names carry a content hash, so the
 * assets can be cached for good.
 */
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";

export interface Asset {
  body: Buffer;
  gzip: Buffer;
  contentType: string;
}

export interface GraphiqlBundle {
  /** By file name, e.g. "graphiql-Q3ZK7F.js". */
  assets: ReadonlyMap<string, Asset>;
  script: string;
  stylesheet: string;
  workers: { editor: string; json: string; graphql: string };
}

const WORKERS = {
  editor: "monaco-editor/esm/vs/editor/editor.worker.js",
  json: "monaco-editor/esm/vs/language/json/json.worker.js",
  graphql: "monaco-graphql/esm/graphql.worker.js",
} as const;

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** The client's source under vitest/tsx, its tsc output (client.mjs) when running from dist/. */
function clientEntry(): string {
  const source = join(__dirname, "client.mts");
  return existsSync(source) ? source : join(__dirname, "client.mjs");
}

async function bundle(): Promise<GraphiqlBundle> {
  const result = await build({
    entryPoints: {
      graphiql: clientEntry(),
      "editor.worker": WORKERS.editor,
      "json.worker": WORKERS.json,
      "graphql.worker": WORKERS.graphql,
    },
    absWorkingDir: __dirname,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
    // Monaco's own CSS imports its icon font: inline it like graphiql's fonts.
    loader: { ".ttf": "dataurl" },
    outdir: "/graphiql",
    entryNames: "[name]-[hash]",
    write: false,
    logLevel: "silent",
  });
  const assets = new Map<string, Asset>();
  const named = (prefix: string, ext: string) => {
    const found = [...assets.keys()].find((n) => n.startsWith(`${prefix}-`) && n.endsWith(ext));
    if (!found) throw new Error(`the GraphiQL bundle has no ${prefix}*${ext}`);
    return found;
  };
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    const ext = name.slice(name.lastIndexOf("."));
    const contentType = CONTENT_TYPES[ext];
    if (!contentType) throw new Error(`unexpected file in the GraphiQL bundle: ${name}`);
    const body = Buffer.from(file.contents);
    assets.set(name, { body, gzip: gzipSync(body), contentType });
  }
  return {
    assets,
    script: named("graphiql", ".js"),
    stylesheet: named("graphiql", ".css"),
    workers: { editor: named("editor.worker", ".js"), json: named("json.worker", ".js"), graphql: named("graphql.worker", ".js") },
  };
}

let pending: Promise<GraphiqlBundle> | undefined;

/** The bundle, built once per process; a failed build is retried on the next call. */
export function graphiqlBundle(): Promise<GraphiqlBundle> {
  pending ??= bundle().catch((e: unknown) => {
    pending = undefined;
    throw e;
  });
  return pending;
}
