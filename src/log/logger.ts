/** The gateway's structured log (JSON lines on stdout through pino). Never given tokens, credentials or request bodies. */
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";

export type Logger = Pick<PinoLogger, "error" | "warn" | "info" | "debug">;

/** `destination` (stdout by default) lets a test read what an operator would. */
export function createLogger(level: string = "info", destination?: DestinationStream): PinoLogger {
  return destination ? pino({ name: "cleanrooms-graph", level }, destination) : pino({ name: "cleanrooms-graph", level });
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger("silent");
