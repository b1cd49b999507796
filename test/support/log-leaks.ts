/**
 * Every test gateway logs at debug level into this checker, a test that
 * reads the log itself (log-capture.ts) through it too, and the gateway
 * processes the tests start (test/subscriptions/replicas.ts) have their
 * output checked when they close: each line is searched for what must never
 * be in a log — bearer tokens the tests use, AWS access keys, secret keys
 * and session tokens, SQL text — and a line that has one fails the test file
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

/** Checks each line of `text` (log lines, a process's output), recording every leak in `logLeaks`. */
export function check(text: string): void {
  for (const line of text.split("\n")) {
    if (!line) continue;
    for (const p of ALWAYS) if (p.test(line)) logLeaks.push({ line: line.slice(0, 400), found: String(p) });
    for (const t of tokens) if (line.includes(t)) logLeaks.push({ line: line.slice(0, 400), found: "a principal's token" });
  }
}

/** A logger whose every line (debug and up) is checked for secrets. */
export function checkedLogger(): Logger {
  return createLogger(
    "debug",
    new Writable({
      write(chunk: Buffer, _enc, done) {
        check(chunk.toString());
        done();
      },
    }),
  );
}
