/**
 * The arrows of docs/architecture.md, enforced: every import under src/ (relative ones by part, packages by
 * owner) must be one the doc's tables allow, debt included. A part is the first folder under src/, or the
 * file's name for a file directly in src/ (main.ts is `main`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root";

const root = packageRoot();
const src = join(root, "src");
const doc = readFileSync(join(root, "docs", "architecture.md"), "utf8");

interface Import {
  /** src-relative file:line */
  at: string;
  from: string;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.m?ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** `src/aws/retry.ts` → aws; `src/main.ts` → main; `src/demo.js` (as imported) → demo. */
function partOf(file: string): string {
  const [first, ...rest] = relative(src, file).split(sep);
  return rest.length > 0 ? first : first.replace(/\.(m?[jt]s|json)$/, "");
}

/** Every import, export-from, import() and require() of every source file, with where it is written. */
const imports: Import[] = sourceFiles(src).flatMap((file) => {
  const text = readFileSync(file, "utf8");
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => ({
    at: `${relative(src, file)}:${text.slice(0, f.pos).split("\n").length}`,
    from: file,
    specifier: f.fileName,
  }));
});

/** The rows of the markdown table whose header starts with `| first |`: first cell → backticked names of "may …" and "debt". */
function table(first: string): Map<string, Set<string>> {
  const lines = doc.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  expect(start, `docs/architecture.md has a table headed "| ${first} |"`).toBeGreaterThanOrEqual(0);
  const rows = new Map<string, Set<string>>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [name, allowed, debt] = line.split("|").slice(1, 4).map((c) => [...c.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    rows.set(name[0], new Set([...allowed, ...debt]));
  }
  return rows;
}

const parts = table("part");
const packages = table("package");
const owns = (pkg: string, specifier: string) => specifier === pkg || specifier.startsWith(pkg.endsWith("/") ? pkg : `${pkg}/`);

describe("the import arrows of docs/architecture.md", () => {
  it("name every part under src/", () => {
    const unknown = [...new Set(imports.map((i) => partOf(i.from)))].filter((p) => !parts.has(p));
    expect(unknown, "parts missing from the table in docs/architecture.md").toEqual([]);
  });

  it("allow every relative import between parts", () => {
    const refused = imports
      .filter((i) => i.specifier.startsWith("."))
      .map((i) => ({ ...i, to: partOf(resolve(dirname(i.from), i.specifier)), part: partOf(i.from) }))
      .filter((i) => i.to !== i.part && !parts.get(i.part)?.has(i.to))
      .map((i) => `${i.at} → ${i.to} (${i.part} may not import ${i.to}: "${i.specifier}")`);
    expect(refused, "imports docs/architecture.md does not allow").toEqual([]);
  });

  it("keep owned packages in their owners", () => {
    const refused = imports.flatMap((i) =>
      [...packages]
        .filter(([pkg, owners]) => owns(pkg, i.specifier) && !owners.has(partOf(i.from)))
        .map(([pkg]) => `${i.at} → ${i.specifier} (only ${[...packages.get(pkg)!].join(", ")} may import ${pkg})`),
    );
    expect(refused, "package imports docs/architecture.md does not allow").toEqual([]);
  });
});
