/**
 * `npm test`'s first step (the `pretest` script): the programs the tests drive must be installed.
 * Missing ones are installed from Debian when this runs as root and apt-get exists; otherwise it
 * stops at once, naming what is missing and the command that installs it, rather than letting
 * the tests fail later on a hook timeout or a bare ENOENT.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/** What the tests need: a program (a name on PATH, or an exact path), the Debian package that provides it, and why. */
const NEEDS = [
  { binary: "redis-server", pkg: "redis-server", why: "the Redis tests start their own redis-server" },
  { binary: "/usr/bin/chromium", pkg: "chromium", why: "test/browser drives this exact binary through playwright-core" },
  { binary: "aws", pkg: "awscli", why: "test/emulator/aws-cli.test.ts runs the AWS CLI against the emulator" },
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
const found = (binary) =>
  isAbsolute(binary) ? executable(binary) : (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && executable(join(dir, binary)));
const missingNeeds = () => NEEDS.filter((n) => !found(n.binary));

function fail(lines) {
  console.error(lines.filter(Boolean).join("\n"));
  process.exit(1);
}

const missing = missingNeeds();
if (missing.length > 0) {
  const pkgs = missing.map((n) => n.pkg);
  const root = process.getuid?.() === 0;
  const list = missing.map((n) => `  ${n.binary} (Debian package ${n.pkg}): ${n.why}`);
  if (!root || !found("apt-get")) {
    const sudo = root ? "" : "sudo ";
    fail([
      `The tests need programs that are not installed${root ? " (and apt-get was not found)" : ""}:`,
      ...list,
      "Install them with:",
      `  ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${pkgs.join(" ")}`,
      "(`npm test` installs them itself when it runs as root on Debian.)",
    ]);
  }
  console.log(`Installing what the tests need with apt-get: ${missing.map((n) => `${n.pkg} (${n.why})`).join("; ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", ...pkgs]]) {
    // apt's own output only when it fails: the line above says what is happening.
    const r = spawnSync("apt-get", args, { env, encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) fail([`${r.stdout ?? ""}${r.stderr ?? ""}`.trim(), `\`apt-get ${args.join(" ")}\` failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`]);
  }
  const still = missingNeeds();
  if (still.length > 0) fail([`Still missing after apt-get install: ${still.map((n) => n.binary).join(", ")}`]);
}
