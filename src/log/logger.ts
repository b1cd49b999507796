/**
 * The gateway's structured log (JSON lines on stdout through pino). Never given tokens, credentials or request
 * bodies. A line a request writes names it as `requestId`, given where the line is written: the request's id travels
 * explicitly (res.locals, the GraphQL context, errors tagged in server/finish.ts), not in AsyncLocalStorage, whose
 * promise hooks cost every promise of the process (≈13% of the CPU of a dashboard, whose promises are mostly the AWS SDK's).
 */
import { pino, type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from "pino";

export type Logger = Pick<PinoLogger, "error" | "warn" | "info" | "debug">;

/** `destination` (stdout by default) lets a test read what an operator would. */
export function createLogger(level: string = "info", destination?: DestinationStream): PinoLogger {
  const options: LoggerOptions = { name: "cleanrooms-graph", level };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger("silent");
