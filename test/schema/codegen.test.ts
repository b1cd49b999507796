/** `npm run codegen` is deterministic and its output is committed: regenerating changes no file. */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { generate } from "@graphql-codegen/cli";
import { expect, it } from "vitest";
import config from "../../codegen";
import { packageRoot } from "../../src/package-root";

it("schema/generated is what codegen makes of schema/schema.graphql and schema/operations (run `npm run codegen`)", async () => {
  const root = packageRoot();
  const files = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    const path = join(root, relative(root, join(root, f.filename)));
    expect(readFileSync(path, "utf8"), f.filename).toBe(f.content);
  }
}, 60_000);
