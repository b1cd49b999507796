/**
 * The gateway's structured log (JSON lines on stdout through pino). Never given tokens, credentials or request
 * bodies. A line written while a request is served carries that request's `requestId` (request-scope.ts).
 */
import { pino, type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from "pino";
import { currentRequest } from "./request-scope";

export type Logger = Pick<PinoLogger, "error" | "warn" | "info" | "debug">;

/** `destination` (stdout by default) lets a test read what an operator would. */
export function createLogger(level: string = "info", destination?: DestinationStream): PinoLogger {
  const options: LoggerOptions = {
    name: "cleanrooms-graph",
    level,
    mixin: () => {
      const scope = currentRequest();
      return scope ? { requestId: scope.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger("silent");
