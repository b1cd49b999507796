/** The gateway's structured log (JSON lines on stdout through pino). Never given tokens, credentials or request bodies. */
import { pino, type Logger as PinoLogger } from "pino";

export type Logger = Pick<PinoLogger, "error" | "warn" | "info" | "debug">;

export function createLogger(level: string = "info"): PinoLogger {
  return pino({ name: "cleanrooms-graph", level });
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger("silent");
