/**
 * A port someone else holds is the operator's to fix, not a crash: instead of
 * Node's EADDRINUSE stack, one line naming the port, the address, and the
 * setting that chooses another.
 */
export class PortInUseError extends Error {}

/**
 * `error` as a PortInUseError when listening failed with EADDRINUSE, else
 * unchanged. `setting` says how to choose another port, e.g. "PORT=...".
 */
export function explainPortInUse(error: unknown, setting: string): unknown {
  const e = error as { code?: unknown; port?: unknown; address?: unknown } | null;
  if (e?.code !== "EADDRINUSE") return error;
  return new PortInUseError(`port ${e.port} on ${e.address} is in use; stop what uses it or choose another with ${setting}`);
}
