/**
 * Every test gateway logs at debug level into this checker (unless a test
 * reads the log itself): each line is searched for what must never be in a
 * log — bearer tokens the tests use, AWS access keys, secret keys and
 * session tokens, SQL text — and a line that has one fails the test file
 * that wrote it (log-leaks.setup.ts). So the whole test run is a check of
 * the gateway's logging.
 */
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log/logger";

const ALWAYS: readonly RegExp[] = [
  /\b(AKIA|ASIA)[A-Z0-9]{12,}/,
  /"(secretAccessKey|sessionToken|SecretAccessKey|SessionToken)"\s*:\s*"[^"]/,
  /emulator-gateway-secret/,
  /Bearer [A-Za-z0-9._~+/-]{8,}/,
  // A JWT, with or without its scheme.
  /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./,
  // SQL text: a query string the tests send (every one has SELECT ... or FROM ...).
  /\bSELECT\b[^"]{0,200}(\bFROM\b|\d)/,
];

/** Tokens of the principals the tests configure: none may be logged, in any form. */
const tokens = new Set<string>();
export const registerSecret = (token: string) => void tokens.add(token);

export const logLeaks: { line: string; found: string }[] = [];

function check(line: string): void {
  for (const p of ALWAYS) if (p.test(line)) logLeaks.push({ line: line.slice(0, 400), found: String(p) });
  for (const t of tokens) if (line.includes(t)) logLeaks.push({ line: line.slice(0, 400), found: "a principal's token" });
}

/** A logger whose every line (debug and up) is checked for secrets. */
export function checkedLogger(): Logger {
  return createLogger(
    "debug",
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split("\n")) if (line) check(line);
        done();
      },
    }),
  );
}
