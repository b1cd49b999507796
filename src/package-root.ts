import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The folder holding package.json, found from this file whether it runs from src/ or dist/src/. */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
