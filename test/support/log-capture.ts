/**
 * Test support: a logger whose lines a test reads back, parsed, as an operator's log search would. Each line is
 * checked for leaks too (log-leaks.ts), as every test gateway's is.
 */
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log/logger";
import { check } from "./log-leaks";

export function captureLog(level = "info"): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = chunk.toString();
      check(text);
      for (const l of text.split("\n")) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}
