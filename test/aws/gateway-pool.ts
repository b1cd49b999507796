/**
 * Test support for src/aws: a ClientPool over the emulator, signed with the
 * scenario's gateway user, whose clock starts at the emulator's manual clock
 * and moves with it. Backoffs are tiny, jitter is fixed at 0.5.
 */
import type { AwsAccount } from "../../src/aws/account";
import { ClientPool, type ClientPoolOptions } from "../../src/aws/clients";
import { federatedAccounts, type TestEmulator } from "../support/emulator";

export interface GatewayPool {
  pool: ClientPool;
  accounts: AwsAccount[];
  /** Moves the pool's clock and the emulator's together. */
  advance(ms: number): Promise<void>;
  /** Moves only the emulator's clock (the gateway's clock lags: AWS sees expiry first). */
  skewEmulator(ms: number): Promise<void>;
  now(): number;
}

export const GATEWAY_ACCOUNT = "999999999999";

export async function gatewayPool(t: TestEmulator, options: Partial<ClientPoolOptions> = {}): Promise<GatewayPool> {
  let now = (await t.control<{ epochMillis: number }>("GET", "/_emulator/clock")).epochMillis;
  const accounts = options.accounts ? [...options.accounts] : federatedAccounts(t);
  const pool = new ClientPool({
    baseCredentials: { accessKeyId: t.scenario.gateway.accessKeyId, secretAccessKey: t.scenario.gateway.secretAccessKey },
    endpoint: t.url,
    stsEndpoint: t.url,
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
    now: () => now,
    random: () => 0.5,
    ...options,
    accounts,
  });
  return {
    pool,
    accounts,
    now: () => now,
    advance: async (ms) => {
      now += ms;
      await t.advance(ms);
    },
    skewEmulator: (ms) => t.advance(ms),
  };
}

export const faults = (t: TestEmulator, rules: Record<string, unknown>[]) => t.control("POST", "/_emulator/faults", { rules });

/** Calls the emulator counted for an account and operation since the last reset. */
export async function callCount(t: TestEmulator, accountId: string, operation: string): Promise<number> {
  return (await t.calls()).byAccount[accountId]?.[operation] ?? 0;
}
