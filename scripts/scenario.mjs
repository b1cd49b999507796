/**
 * `npm run scenario -- accounts=10 collaborations=20 seed=3 > scenario.json`: writes a generated
 * emulator scenario (src/emulator/scenario-generator.ts) to stdout, checked against the emulator's
 * rules first. Use it with EMULATOR_SCENARIO=scenario.json, or skip the file with
 * EMULATOR_SCENARIO=generate:accounts=10,seed=3.
 *
 * The generator is TypeScript; esbuild (already a dependency) bundles it in memory in a fraction of a
 * second, so the CLI needs no `npm run build` of the whole gateway first.
 */
import { build } from "esbuild";
import { fstatSync, ftruncateSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.error("usage: npm run scenario -- [accounts=N] [partners=N] [collaborations=N] [members=N] [changeRequests=N] [runs=N] [seed=N] [region=R] [regions=R1,R2] > scenario.json");
  process.exit(0);
}

const out = await build({
  entryPoints: [join(root, "src", "emulator", "scenario-generator.ts")],
  bundle: true,
  platform: "node",
  format: "cjs",
  write: false,
  // zod and the rest resolve from node_modules at run time.
  packages: "external",
  logLevel: "error",
});
// Inside the project (.tmp/ is git-ignored) so that the bundle's require("zod") finds node_modules.
mkdirSync(join(root, ".tmp"), { recursive: true });
const dir = mkdtempSync(join(root, ".tmp", "scenario-cli-"));
const file = join(dir, "scenario-generator.cjs");
writeFileSync(file, out.outputFiles[0].text);
let generator;
try {
  generator = createRequire(import.meta.url)(file);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

try {
  const params = generator.parseGeneratorSpec(args.join(","));
  const scenario = generator.generateScenario(params);
  const problems = generator.checkScenarioRules(scenario);
  if (problems.length > 0) throw new Error(`the generated scenario breaks the emulator's rules:\n  ${problems.join("\n  ")}`);
  writeStdout(`${JSON.stringify(scenario, null, 2)}\n`);
  const federated = scenario.accounts.filter((a) => a.federated).length;
  console.error(
    `scenario (${generator.describeParams(params)}): ${scenario.accounts.length} accounts (${federated} federated), ${scenario.collaborations.length} collaborations, ` +
      `${scenario.protectedQueries.length} queries, ${scenario.protectedJobs.length} jobs`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

/**
 * `npm run scenario -- ... > file.json` must leave JSON in the file, but npm prints its "> script" banner to the
 * same stdout first. When stdout is a regular file, the scenario is written from its start and the file cut
 * to it; a pipe or terminal gets it as is (use `npm run -s scenario` to pipe).
 */
function writeStdout(text) {
  const bytes = Buffer.from(text);
  if (!fstatSync(1).isFile()) return void process.stdout.write(bytes);
  let written = 0;
  while (written < bytes.length) written += writeSync(1, bytes, written, bytes.length - written, written);
  ftruncateSync(1, bytes.length);
}
