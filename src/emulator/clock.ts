/**
 * The emulator's time. `real` follows the wall clock; `manual` starts at the
 * wall-clock time of its creation and moves only when told to
 * (POST /_emulator/clock), so tests drive run schedules and credential
 * expiry deterministically.
 */
export type ClockMode = "real" | "manual";

export interface Clock {
  readonly mode: ClockMode;
  /** Epoch milliseconds. */
  now(): number;
  /** Moves a manual clock forward; refused on a real clock. */
  advance(ms: number): void;
}

export function createClock(mode: ClockMode, start: number = Date.now()): Clock {
  if (mode === "real") {
    return {
      mode,
      now: () => Date.now(),
      advance: () => {
        throw new Error("the clock is real: start the emulator with clock 'manual' to advance it");
      },
    };
  }
  let offset = 0;
  return {
    mode,
    now: () => start + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance expects a non-negative number of milliseconds, got ${ms}`);
      offset += ms;
    },
  };
}

/** AWS bodies carry timestamps as epoch seconds. */
export const epochSeconds = (ms: number): number => ms / 1000;
