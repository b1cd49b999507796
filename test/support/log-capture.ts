/** Test support: a logger whose lines a test reads back, parsed, as an operator's log search would. */
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log/logger";

export function captureLog(level = "info"): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split("\n")) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}
