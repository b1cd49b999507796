/**
 * What the server tells the GraphiQL page (embedded in it as JSON): the one
 * contract between page.ts, which writes it, and client.mts, which reads it.
 */
export interface GraphiqlClientConfig {
  /** Path of the GraphQL endpoint on this host; the page derives http(s):// and ws(s):// URLs from it. */
  endpoint: string;
  /** The tabs a first visit opens, in order (see presets.ts). */
  tabs: { query: string; variables?: string; headers?: string }[];
  /** Request headers (JSON text) for every tab, e.g. the demo token's Authorization header. */
  defaultHeaders?: string;
  /** Keep header edits across reloads: only when the server filled them in (demo mode), never a typed-in token. */
  persistHeaders: boolean;
  /** Prefix for what GraphiQL keeps in localStorage; it changes with the presets and headers, so stale tabs don't hide new ones. */
  storageNamespace: string;
  /** URLs of the Monaco web workers, by the label Monaco asks for. */
  workers: { editor: string; json: string; graphql: string };
}

/** The id of the script element holding the config. */
export const CONFIG_ELEMENT_ID = "graphiql-config";
