/** What a Clean Rooms operation handler gets: the caller, the world, the time. */
import type { Clock } from "../clock";
import type { Principal } from "../identity";
import type { EmulatorState } from "../state";

export interface RunSchedule {
  /** A started run turns STARTED this long after submission. */
  startAfterMs: number;
  /** ... and SUCCESS (or FAILED) this long after submission. */
  finishAfterMs: number;
  /** A cancelled run is CANCELLING this long before it is CANCELLED. */
  cancelAfterMs: number;
}

export interface CallContext {
  caller: Principal;
  state: EmulatorState;
  clock: Clock;
  schedule: RunSchedule;
  newId(): string;
}

// Inputs are validated against the model before a handler sees them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (ctx: CallContext, input: any) => unknown;

/** Epoch seconds, as restJson1 timestamps travel. */
export const secs = (ms: number): number => ms / 1000;
