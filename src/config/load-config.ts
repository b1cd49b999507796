/** Reading the configuration file: YAML or JSON, validated, errors naming each bad field's path. */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { configSchema, type GatewayConfig } from "./config.schema";

export class ConfigError extends Error {}

export function parseConfig(data: unknown, source: string): GatewayConfig {
  const result = configSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`${source} is not a valid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function loadConfigFile(path: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read the configuration file ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  let data: unknown;
  try {
    data = parse(text); // YAML, and so JSON too
  } catch (e) {
    throw new ConfigError(`${path} is neither YAML nor JSON: ${(e as Error).message}`);
  }
  return parseConfig(data, path);
}

/** Where the configuration comes from: `--config PATH`, else CLEANROOMS_GRAPH_CONFIG, else none (demo mode). */
export function configPath(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const i = argv.indexOf("--config");
  if (i >= 0) {
    const path = argv[i + 1];
    if (!path || path.startsWith("--")) throw new ConfigError("--config needs a file path");
    return path;
  }
  const eq = argv.find((a) => a.startsWith("--config="));
  if (eq) return eq.slice("--config=".length);
  return env.CLEANROOMS_GRAPH_CONFIG || undefined;
}
