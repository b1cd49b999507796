/**
 * The GraphiQL page's browser entry, bundled by bundle.ts with esbuild (never
 * run by Node). Everything it loads comes from this gateway: the bundle, its
 * CSS (fonts inlined), and the three Monaco workers. Queries and mutations go
 * over HTTP to the endpoint, subscriptions over graphql-ws to the same path.
 *
 * An ES module (.mts) because graphiql 5 is ESM only. The project compiles
 * without the DOM library, so the few browser globals used here are declared
 * below rather than pulled in for every file.
 */
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { CONFIG_ELEMENT_ID, type GraphiqlClientConfig } from "./client-config.js";
import { currentOperation } from "./current-operation.js";

interface WebStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
declare const document: { getElementById(id: string): { textContent: string | null } | null };
declare const location: { href: string; protocol: string; host: string };
declare const localStorage: WebStorage;
declare class Worker {
  constructor(url: string, options: { type: "module"; name?: string });
}

const configElement = document.getElementById(CONFIG_ELEMENT_ID);
const root = document.getElementById("graphiql");
if (!configElement?.textContent || !root) throw new Error(`the page lacks #${CONFIG_ELEMENT_ID} or #graphiql`);
const config = JSON.parse(configElement.textContent) as GraphiqlClientConfig;

// Monaco asks for a worker by label; the bundle ships one per label, served beside it.
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    const url = label === "json" ? config.workers.json : label === "graphql" ? config.workers.graphql : config.workers.editor;
    return new Worker(url, { type: "module", name: label });
  },
};

/** localStorage under this gateway's own prefix, so a new set of presets (or a new demo token) starts fresh. */
function namespacedStorage(prefix: string) {
  const ownKeys = () => {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(prefix)) keys.push(k);
    }
    return keys;
  };
  return {
    getItem: (key: string) => localStorage.getItem(prefix + key),
    setItem: (key: string, value: string) => localStorage.setItem(prefix + key, value),
    removeItem: (key: string) => localStorage.removeItem(prefix + key),
    clear: () => ownKeys().forEach((k) => localStorage.removeItem(k)),
    get length() {
      return ownKeys().length;
    },
  };
}

const http = new URL(config.endpoint, location.href);
const ws = new URL(http);
ws.protocol = http.protocol === "https:" ? "wss:" : "ws:";

const send = createGraphiQLFetcher({ url: http.href, subscriptionUrl: ws.href });
/** Runs the operation that is in the editor, whatever GraphiQL's (possibly stale) operation facts say: see current-operation.ts. */
const fetcher: Fetcher = (params, options) => {
  const { operationName, documentAST } = currentOperation(params.query, params.operationName);
  return send({ ...params, operationName }, { ...options, documentAST });
};

createRoot(root).render(
  createElement(
    StrictMode,
    null,
    createElement(GraphiQL, {
      fetcher,
      defaultTabs: config.tabs,
      defaultHeaders: config.defaultHeaders,
      shouldPersistHeaders: config.persistHeaders,
      storage: namespacedStorage(config.storageNamespace),
      visiblePlugin: "Documentation Explorer",
      defaultEditorToolsVisibility: true,
    }),
  ),
);
